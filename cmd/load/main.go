// Command load is factflow's load worker, deployable on its own.
package main

import (
	"github.com/alecthomas/kong"

	"github.com/factflow/factflow/pipeline/command"
)

type cli struct {
	command.Globals
	command.Load `embed:""`
}

func main() {
	var c cli
	ctx := kong.Parse(&c, command.Options("load", "factflow's load worker.")...)
	ctx.FatalIfErrorf(c.Load.Run(&c.Globals))
}
