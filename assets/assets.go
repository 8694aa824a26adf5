// Package assets holds third-party files that factflow ships inside its
// binary, so that what it writes (the HTML report) opens with no network.
//
// echarts.min.js is Apache ECharts 5.6.0 (npm package echarts@5.6.0,
// dist/echarts.min.js), under the Apache License 2.0: see
// echarts.LICENSE and echarts.NOTICE beside it.
package assets

import _ "embed"

// EChartsJS is the minified Apache ECharts library.
//
//go:embed echarts.min.js
var EChartsJS string

// EChartsVersion is the version of EChartsJS.
const EChartsVersion = "5.6.0"
