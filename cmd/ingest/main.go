// Command ingest is factflow's ingest worker, deployable on its own.
package main

import (
	"github.com/alecthomas/kong"

	"github.com/factflow/factflow/pipeline/command"
)

type cli struct {
	command.Globals
	command.Ingest `embed:""`
}

func main() {
	var c cli
	ctx := kong.Parse(&c, command.Options("ingest", "factflow's ingest worker.")...)
	ctx.FatalIfErrorf(c.Ingest.Run(&c.Globals))
}
