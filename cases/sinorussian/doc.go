// Package sinorussian is Entente's built-in case: "can the Sino-Russian
// partnership last?", after Peter Harris's essay "Can Sino-Russian
// Cooperation Last? Part I".
//
// # Contents
//
// The package embeds hand-written, sourced data files and loads them into
// Entente's types:
//
//   - chronology.csv: a dated, CAMEO-coded record of Russia–China relations
//     (and of the US and Western moves that shaped them) from the Treaty of
//     Nerchinsk (1689) to 2025, one cited row per event. The coding
//     conventions are in chronology.md. Chronology returns typed rows;
//     ChronologyEvents converts them to events.Event (Dataset
//     events.Chronology) so the chronology loads into the store beside GDELT
//     and ICEWS as its own data set.
//   - claims.csv: every dated claim of the essay, the correct date, the
//     chronology row that settles it and a verdict. DateCorrections lists the
//     claims whose date is wrong, for the report.
//   - model.yaml and durability.yaml: the static scenario model and its
//     yearly (two-slice) version, in Entente's YAML model format.
//
// # Why embedded
//
// The case ships inside the binary so `entente report` works without any
// download; `entente case export` writes the raw files (Files) for people to
// read or edit.
//
// # Contract
//
// The embedded files are validated by this package's tests (CAMEO codes and
// Goldstein weights against package cameo, actor codes, dates, precision,
// order, citations, claim links). The loaders still validate and return
// errors, because ReadChronology and ReadClaims also accept user-edited
// copies.
package sinorussian
