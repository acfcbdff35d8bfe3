package clickhouse

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"entente/events"
	"entente/ingest"
	"entente/internal/shareddata"
	"entente/store"
)

// TestOpenFailures: each failure to reach a usable store is one sentence
// naming the server, returned within a bounded time.
func TestOpenFailures(t *testing.T) {
	// A listener that accepts and never answers: the handshake must time
	// out after DialTimeout, not hang.
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	refused, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refusedAddr := refused.Addr().String()
	refused.Close()

	cases := []struct {
		name   string
		server bool // needs the test server
		mod    func(o *Options)
		want   string
	}{
		{"refused", false, func(o *Options) { o.Addr = refusedAddr }, "cannot reach ClickHouse at " + refusedAddr},
		{"silent", false, func(o *Options) { o.Addr = silent.Addr().String() }, "cannot reach ClickHouse at " + silent.Addr().String()},
		{"wrong password", true, func(o *Options) { o.Password = "not-the-password" }, `rejected user "default"`},
		{"unknown user", true, func(o *Options) { o.User = "mallory" }, `rejected user "mallory"`},
		{"unknown database", true, func(o *Options) { o.Database = "no_such_entente_db"; o.ReadOnly = true }, `has no database "no_such_entente_db"`},
		{"unknown cluster", true, func(o *Options) { o.Cluster = "no_such_cluster" }, `has no cluster "no_such_cluster"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opts := DefaultOptions()
			if c.server {
				opts = testOptions(t)
			}
			opts.DialTimeout = time.Second
			c.mod(&opts)
			start := time.Now()
			s, err := Open(context.Background(), opts)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded, want an error")
			}
			if el := time.Since(start); el > 5*time.Second {
				t.Errorf("Open took %s, want under 5 s (dial timeout 1 s)", el)
			}
			if !strings.Contains(err.Error(), c.want) || strings.Count(err.Error(), "\n") > 0 {
				t.Errorf("error %q, want one line containing %q", err, c.want)
			}
		})
	}
}

// stopOnFirstAppend wraps a store so that the first AppendEvents of a Tx
// runs stop (after storing its events), as if a shard died mid-file.
type stopOnFirstAppend struct {
	store.Store
	stop func()
}

func (w stopOnFirstAppend) Begin(ctx context.Context) (store.Tx, error) {
	tx, err := w.Store.Begin(ctx)
	return &stoppingTx{Tx: tx, stop: w.stop}, err
}

type stoppingTx struct {
	store.Tx
	stop    func()
	stopped bool
}

func (t *stoppingTx) AppendEvents(ctx context.Context, evs []events.Event) error {
	if err := t.Tx.AppendEvents(ctx, evs); err != nil {
		return err
	}
	if !t.stopped {
		t.stopped = true
		t.stop()
	}
	return nil
}

// TestShardDownMidIngest stops shard 2 of the loopback cluster (started by
// ci/clickhouse/start.sh) after the first chunk of a real GDELT 2.0 file
// reached the cluster: the ingest must fail naming shard 2, and after the
// shard is back the same run must store exactly the file's 2111 rows
// (SOURCES.md), with no duplicates and nothing left of the failed attempt.
func TestShardDownMidIngest(t *testing.T) {
	opts := testOptions(t)
	chDir := os.Getenv("ENTENTE_CH_DIR")
	if chDir == "" {
		chDir = "/tmp/entente-clickhouse"
	}
	if _, err := os.Stat(filepath.Join(chDir, "shard2", "server.pid")); err != nil || opts.Cluster == "" {
		t.Skipf("no loopback cluster started by ci/clickhouse/start.sh under %s: skipping the shard fault test", chDir)
	}
	path := shareddata.Path(t, "gdelt2/arekziobrowski-gdelt-big-data/20191024143000.export.CSV")
	script := func(name string, args ...string) {
		t.Helper()
		out, err := exec.Command("bash", append([]string{filepath.Join("..", "..", "ci", "clickhouse", name)}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
	}
	t.Cleanup(func() { script("start.sh", "2") })

	s := openFresh(t)
	s.opts.ChunkRows = 500 // the file is 2111 rows: the first chunk lands before the stop
	ins, err := events.Inputs([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	_, err = ingest.Run(ctx, stopOnFirstAppend{Store: s, stop: func() { script("stop.sh", "2") }}, ins, ingest.Options{})
	if err == nil {
		t.Fatal("ingest with shard 2 stopped succeeded, want an error")
	}
	if !strings.Contains(err.Error(), "shard 2 of cluster entente") {
		t.Errorf("error %q does not name shard 2", err)
	}
	script("start.sh", "2")

	sum, err := ingest.Run(ctx, s, ins, ingest.Options{})
	if err != nil {
		t.Fatalf("re-run after the shard is back: %v", err)
	}
	if sum.Stored != 2111 || sum.Duplicates != 0 || sum.Ingested != 1 {
		t.Errorf("re-run stored %d, duplicates %d, files %d; want 2111, 0, 1", sum.Stored, sum.Duplicates, sum.Ingested)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Datasets) != 1 || st.Datasets[0].Events != 2111 || st.Files != 1 {
		t.Errorf("Stats after re-run = %+v, want 2111 gdelt2 events in 1 file", st)
	}
	// Invisible rows of the failed attempt are still there until Vacuum.
	n, err := s.Vacuum(ctx)
	if err != nil || n != 1 {
		t.Errorf("Vacuum = %d, %v; want the 1 failed batch", n, err)
	}
}
