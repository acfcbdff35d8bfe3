package clickhouse

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"entente/store"
	"entente/store/storetest"
)

// testEnv names the variable holding the test server's location, e.g.
// clickhouse://127.0.0.1:9101/entente_test?cluster=entente as printed by
// ci/clickhouse/start.sh.
const testEnv = "ENTENTE_TEST_CLICKHOUSE"

var dbSeq atomic.Int64

// testOptions returns the options of the test server, skipping the test
// when there is none.
func testOptions(t *testing.T) Options {
	t.Helper()
	loc := os.Getenv(testEnv)
	if loc == "" {
		t.Skipf("%s is not set: skipping ClickHouse test (start a cluster with 'bash ci/clickhouse/start.sh' and export the location it prints)", testEnv)
	}
	opts, err := ParseLocation(loc)
	if err != nil {
		t.Fatalf("%s: %v", testEnv, err)
	}
	return opts
}

// openFresh opens a store in a new database of its own on the test server
// (cluster) and drops that database on every shard when the test ends. A
// small ChunkRows makes the suite's files span several chunks.
func openFresh(t *testing.T) *Store {
	t.Helper()
	opts := testOptions(t)
	opts.Database = fmt.Sprintf("%s_%d_%d", opts.Database, os.Getpid(), dbSeq.Add(1))
	opts.ChunkRows = 1000
	s, err := Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, sh := range s.shards {
			if err := sh.conn.Exec(context.Background(), "DROP DATABASE IF EXISTS `"+opts.Database+"`"); err != nil {
				t.Logf("drop test database on %s: %v", sh.addr, err)
			}
		}
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openFresh(t) })
}

func TestConformanceRealFiles(t *testing.T) {
	storetest.RunFiles(t, func(t *testing.T) store.Store { return openFresh(t) })
}

func TestParseLocation(t *testing.T) {
	def := DefaultOptions()
	for _, c := range []struct {
		loc     string
		want    Options
		wantErr string
	}{
		{loc: "clickhouse://127.0.0.1:9101/entente_test?cluster=entente",
			want: Options{Addr: "127.0.0.1:9101", Database: "entente_test", Cluster: "entente"}},
		{loc: "clickhouse://ch.example.org/events", want: Options{Addr: "ch.example.org:9000", Database: "events"}},
		{loc: "clickhouse://bob:s3cret@[::1]:9440/", want: Options{Addr: "[::1]:9440", Database: "entente", User: "bob", Password: "s3cret"}},
		{loc: "clickhouse://h:1/d?dial_timeout=2s&query_timeout=1m&chunk_rows=5000",
			want: Options{Addr: "h:1", Database: "d", DialTimeout: 2 * time.Second, QueryTimeout: time.Minute, ChunkRows: 5000}},
		{loc: "http://h:8123/d", wantErr: "want clickhouse://"},
		{loc: "clickhouse:///d", wantErr: "no HOST:PORT"},
		{loc: "clickhouse://h:99999/d", wantErr: "bad HOST:PORT"},
		{loc: "clickhouse://h:9000/my-db", wantErr: "letters, digits and underscores"},
		{loc: "clickhouse://h:9000/d?cluster=a%27DROP", wantErr: "letters, digits and underscores"},
		{loc: "clickhouse://h:9000/d?dial_timeout=soon", wantErr: "not a positive duration"},
		{loc: "clickhouse://h:9000/d?shards=2", wantErr: `unknown parameter "shards"`},
	} {
		t.Run(c.loc, func(t *testing.T) {
			got, err := ParseLocation(c.loc)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			w := c.want
			if w.DialTimeout == 0 {
				w.DialTimeout = def.DialTimeout
			}
			if w.QueryTimeout == 0 {
				w.QueryTimeout = def.QueryTimeout
			}
			if w.ChunkRows == 0 {
				w.ChunkRows = def.ChunkRows
			}
			if got != w {
				t.Errorf("got %+v\nwant %+v", got, w)
			}
		})
	}
	if s := (Options{Addr: "h:1", Database: "d", Cluster: "c", User: "u", Password: "p"}).String(); s != "clickhouse://u@h:1/d?cluster=c" {
		t.Errorf("String() = %q: the password must not appear", s)
	}
}
