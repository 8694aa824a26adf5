package quantity

// minRecognizersRate is the Recognizers-Text pass rate this grammar
// reaches on the cases it does not skip by design (82/115 when set).
const minRecognizersRate = 0.70
