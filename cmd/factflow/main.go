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
	Extract   command.Extract   `cmd:"" help:"Print a file's facts as JSON lines, with no NATS or DuckDB."`
	Ingest    command.Ingest    `cmd:"" help:"Ingest worker: publish files' chunks to NATS and exit."`
	Transform command.Transform `cmd:"" help:"Transform worker: extract facts from chunks until stopped."`
	Load      command.Load      `cmd:"" help:"Load worker: write facts into DuckDB until stopped."`
}

func main() {
	var c cli
	ctx := kong.Parse(&c, command.Options("factflow", "factflow turns human-rights reports into a DuckDB warehouse of facts.")...)
	ctx.FatalIfErrorf(ctx.Run(&c.Globals))
}
