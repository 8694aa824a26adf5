package warehouse

import (
	"fmt"
	"strconv"
	"time"
)

// Text renders a value scanned from the warehouse as an analyst reads it:
// NULL for nil, dates without a time of day, times in UTC, numbers in full
// (33545000, not 3.3545e+07).
func Text(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return string(x)
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format(time.DateOnly)
		}
		return x.UTC().Format(time.RFC3339)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	}
	return fmt.Sprint(v)
}
