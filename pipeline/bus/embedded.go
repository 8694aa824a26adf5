package bus

import (
	"fmt"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
)

// Embedded runs a NATS server with JetStream inside this process, for the
// one-command default and for tests. It listens on a random loopback port
// and keeps its store in dir, so that a later run finds its streams.
type Embedded struct {
	srv *server.Server
}

// StartEmbedded starts the server and waits until it accepts connections.
func StartEmbedded(dir string) (*Embedded, error) {
	opts := &server.Options{
		ServerName: "factflow-embedded",
		Host:       "127.0.0.1",
		Port:       server.RANDOM_PORT,
		JetStream:  true,
		StoreDir:   dir,
		NoSigs:     true,
		NoLog:      true,
		MaxPayload: 8 << 20,
	}
	srv, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("embedded nats server: %w", err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(30 * time.Second) {
		srv.Shutdown()
		return nil, fmt.Errorf("embedded nats server (store %s) not ready after 30s", dir)
	}
	return &Embedded{srv: srv}, nil
}

// InProcess lets a client in this process connect without a socket: every
// message then skips the loopback stack's copies and system calls both
// ways (Config.InProcess).
func (e *Embedded) InProcess() nats.InProcessConnProvider { return e.srv }

// URL is the client URL to connect to.
func (e *Embedded) URL() string { return e.srv.ClientURL() }

// Shutdown stops the server and waits for it.
func (e *Embedded) Shutdown() {
	e.srv.Shutdown()
	e.srv.WaitForShutdown()
}
