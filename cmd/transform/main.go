// Command transform is factflow's transform worker, deployable on its own.
package main

import (
	"github.com/alecthomas/kong"

	"github.com/factflow/factflow/pipeline/command"
)

type cli struct {
	command.Globals
	command.Transform `embed:""`
}

func main() {
	var c cli
	ctx := kong.Parse(&c, command.Options("transform", "factflow's transform worker.")...)
	ctx.FatalIfErrorf(c.Transform.Run(&c.Globals))
}
