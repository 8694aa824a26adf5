// Command factflow runs the whole pipeline in one process on an embedded
// NATS server and a local DuckDB file, and holds the analyst and operator
// commands.
package main

import (
	"github.com/alecthomas/kong"

	"github.com/factflow/factflow/pipeline/command"
)

type cli struct {
	command.Globals

	Run       command.Run       `cmd:"" help:"Load documents: ingest, transform and load in one process (embedded NATS by default)."`
	Query     command.Query     `cmd:"" help:"Run SQL on the warehouse, read-only."`
	Export    command.Export    `cmd:"" help:"Write the warehouse's tables as Parquet files into a directory."`
	Report    command.Report    `cmd:"" help:"Write the warehouse as one self-contained HTML report."`
	Extract   command.Extract   `cmd:"" help:"Print a file's facts as JSON lines, with no NATS or DuckDB."`
	Status    command.Status    `cmd:"" help:"Streams, consumer lag, recent runs and warehouse counts on one screen."`
	Ingest    command.Ingest    `cmd:"" help:"Ingest worker: publish files' chunks to NATS and exit."`
	Transform command.Transform `cmd:"" help:"Transform worker: extract facts from chunks until stopped."`
	Load      command.Load      `cmd:"" help:"Load worker: write facts into DuckDB until stopped."`
	Bench     command.Bench     `cmd:"" help:"Measure throughput on a synthetic corpus: raw baselines, each stage, end to end."`
}

func main() {
	var c cli
	ctx := kong.Parse(&c, command.Options("factflow", "factflow turns human-rights reports into a DuckDB warehouse of facts.")...)
	stop, err := c.Profile()
	ctx.FatalIfErrorf(err)
	err = ctx.Run(&c.Globals)
	stop()
	ctx.FatalIfErrorf(err)
}
