package main

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"entente/internal/shareddata"
)

// TestIngestWaitsForLock: an ingest started while another process holds the
// DuckDB file waits for it to let go (as `entente serve` does after each
// burst of requests) instead of failing.
func TestIngestWaitsForLock(t *testing.T) {
	db := ingestStore(t, "gdelt1/reed9999-gdelt-demo/events.csv")
	second := shareddata.Path(t, "gdelt1/spark-gdelt/events1.csv")
	hold := exec.Command(os.Args[0], "-test.run=^TestHelperHoldWriteLock$")
	hold.Env = append(os.Environ(), "ENTENTE_TEST_HOLD_LOCK="+db)
	stdin, err := hold.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := hold.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := hold.Start(); err != nil {
		t.Fatal(err)
	}
	if line, err := bufio.NewReader(out).ReadString('\n'); err != nil || !strings.HasPrefix(line, "locked") {
		t.Fatalf("lock holder: %q, %v", line, err)
	}
	child := exec.Command(os.Args[0], "ingest", "--db", db, second)
	child.Env = append(os.Environ(), "ENTENTE_TEST_AS_MAIN=1")
	var msg strings.Builder
	child.Stdout, child.Stderr = &msg, &msg
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second) // the ingest is waiting for the lock now
	stdin.Close()
	if err := hold.Wait(); err != nil {
		t.Fatalf("lock holder: %v", err)
	}
	if err := child.Wait(); err != nil {
		t.Fatalf("ingest did not wait for the lock: %v\n%s", err, msg.String())
	}
	if !strings.Contains(msg.String(), "100 events stored") {
		t.Errorf("ingest output:\n%s", msg.String())
	}
}
