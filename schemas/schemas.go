// Package schemas holds factflow's contracts as files: the warehouse DDL
// that analysts depend on and the JSON Schemas of the messages between the
// stages. Go code embeds them from here so that the files are the one
// source of truth.
package schemas

import "embed"

// Warehouse is the DDL of the DuckDB warehouse, applied idempotently.
//
//go:embed warehouse.sql
var Warehouse string

// Messages holds the JSON Schemas of the message bodies.
//
//go:embed *.schema.json
var Messages embed.FS
