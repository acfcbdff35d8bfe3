package clickhouse

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"time"
)

// identRe is what Entente accepts as a database or cluster name. Names are
// spliced into DDL (ClickHouse cannot bind identifiers), so anything else is
// refused rather than quoted.
var identRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// ParseLocation parses a store location of the form
//
//	clickhouse://[USER[:PASSWORD]@]HOST:PORT/DB[?cluster=NAME&dial_timeout=5s&query_timeout=10m&chunk_rows=N]
//
// PORT is the native-protocol port (ClickHouse's default 9000); the client's
// HTTP mode does not work with ClickHouse 18.16. Without cluster the store
// uses the one server; with it, the server's remote_servers entry NAME
// lists the shards. The result starts from DefaultOptions.
func ParseLocation(loc string) (Options, error) {
	opts := DefaultOptions()
	u, err := url.Parse(loc)
	if err != nil {
		return opts, fmt.Errorf("store location %q: %w", loc, err)
	}
	if u.Scheme != "clickhouse" {
		return opts, fmt.Errorf("store location %q: want clickhouse://HOST:PORT/DB", loc)
	}
	if u.Host == "" {
		return opts, fmt.Errorf("store location %q: no HOST:PORT (want clickhouse://HOST:PORT/DB)", loc)
	}
	host, port, err := net.SplitHostPort(u.Host)
	if err != nil {
		host, port = u.Host, "9000"
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil || host == "" {
		return opts, fmt.Errorf("store location %q: bad HOST:PORT %q", loc, u.Host)
	}
	opts.Addr = net.JoinHostPort(host, port)
	db := u.Path
	if len(db) > 0 && db[0] == '/' {
		db = db[1:]
	}
	if db == "" {
		db = "entente"
	}
	if !identRe.MatchString(db) {
		return opts, fmt.Errorf("store location %q: database name %q must be letters, digits and underscores", loc, db)
	}
	opts.Database = db
	if u.User != nil {
		opts.User = u.User.Username()
		opts.Password, _ = u.User.Password()
	}
	q := u.Query()
	for k, vs := range q {
		v := vs[len(vs)-1]
		switch k {
		case "cluster":
			if !identRe.MatchString(v) {
				return opts, fmt.Errorf("store location %q: cluster name %q must be letters, digits and underscores", loc, v)
			}
			opts.Cluster = v
		case "dial_timeout", "query_timeout":
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return opts, fmt.Errorf("store location %q: %s=%q is not a positive duration (e.g. 5s)", loc, k, v)
			}
			if k == "dial_timeout" {
				opts.DialTimeout = d
			} else {
				opts.QueryTimeout = d
			}
		case "chunk_rows":
			n, err := strconv.Atoi(v)
			if err != nil || n <= 0 {
				return opts, fmt.Errorf("store location %q: chunk_rows=%q is not a positive integer", loc, v)
			}
			opts.ChunkRows = n
		default:
			return opts, fmt.Errorf("store location %q: unknown parameter %q (known: cluster, dial_timeout, query_timeout, chunk_rows)", loc, k)
		}
	}
	return opts, nil
}

// String renders the location without the password.
func (o Options) String() string {
	u := url.URL{Scheme: "clickhouse", Host: o.Addr, Path: "/" + o.Database}
	if o.User != "" {
		u.User = url.User(o.User)
	}
	if o.Cluster != "" {
		u.RawQuery = "cluster=" + o.Cluster
	}
	return u.String()
}
