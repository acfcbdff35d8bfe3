// Command entente answers "can a partnership between states last?" with
// event data and probabilistic scenario models. See README.md.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
