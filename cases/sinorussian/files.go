package sinorussian

import (
	"embed"
	"fmt"
	"io/fs"
)

//go:embed chronology.csv chronology.md claims.csv model.yaml durability.yaml
var files embed.FS

// Embedded file names.
const (
	ChronologyFile = "chronology.csv"
	ChronologyDoc  = "chronology.md"
	ClaimsFile     = "claims.csv"
	ModelFile      = "model.yaml"
	DurabilityFile = "durability.yaml"
)

// FileNames lists the embedded files in the order `entente case export`
// should write them.
var FileNames = []string{ChronologyFile, ChronologyDoc, ClaimsFile, ModelFile, DurabilityFile}

// File returns a copy of the embedded file name (one of FileNames); the
// caller owns the returned slice. An unknown name is an error.
func File(name string) ([]byte, error) {
	b, err := fs.ReadFile(files, name)
	if err != nil {
		return nil, fmt.Errorf("sinorussian: embedded file %q: %w", name, err)
	}
	return b, nil
}

// mustFile returns an embedded file that the go:embed directive guarantees
// exists; a failure is a build error of this package, hence the panic.
func mustFile(name string) []byte {
	b, err := File(name)
	if err != nil {
		panic(err)
	}
	return b
}
