package export

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"entente/events"
	"entente/store"
)

// Options select what Parquet exports. From and To are inclusive days; zero
// means the store's first or last event.
type Options struct {
	From, To time.Time
	// RowGroupRows caps a Parquet row group; 0 means 1<<20.
	RowGroupRows int64
}

// Result counts what Parquet wrote.
type Result struct {
	Months    int   // months with at least one event
	Files     int   // Parquet files written
	Events    int64 // event rows
	CubeCells int64 // cube rows (day, source, target, quad)
	Bytes     int64 // bytes of Parquet written
}

// Parquet writes r's events and dyad-day cube under dir (see the package
// comment for the layout). An existing partition file is replaced.
func Parquet(ctx context.Context, r store.Reader, dir string, opts Options) (Result, error) {
	var res Result
	if opts.RowGroupRows <= 0 {
		opts.RowGroupRows = 1 << 20
	}
	if !opts.From.IsZero() && !opts.To.IsZero() && opts.To.Before(opts.From) {
		return res, fmt.Errorf("export parquet: --to %s is before --from %s", day(opts.To), day(opts.From))
	}
	st, err := r.Stats(ctx)
	if err != nil {
		return res, fmt.Errorf("export parquet: %w", err)
	}
	var first, last time.Time
	for _, d := range st.Datasets {
		if d.Events == 0 {
			continue
		}
		if first.IsZero() || d.First.Before(first) {
			first = d.First
		}
		if d.Last.After(last) {
			last = d.Last
		}
	}
	if first.IsZero() {
		return res, fmt.Errorf("export parquet: %w", store.ErrEmpty)
	}
	if !opts.From.IsZero() && opts.From.After(first) {
		first = day(opts.From)
	}
	if !opts.To.IsZero() && opts.To.Before(last) {
		last = day(opts.To)
	}
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithMaxRowGroupLength(opts.RowGroupRows), parquet.WithCreatedBy("entente export parquet"))
	for m := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(last); m = m.AddDate(0, 1, 0) {
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("export parquet: %w", err)
		}
		lo, hi := m, m.AddDate(0, 1, -1)
		if lo.Before(first) {
			lo = first
		}
		if hi.After(last) {
			hi = last
		}
		evs, err := r.Events(ctx, store.EventQuery{From: lo, To: hi})
		if err != nil {
			return res, fmt.Errorf("export parquet: events of %s: %w", m.Format("2006-01"), err)
		}
		if len(evs) == 0 {
			continue
		}
		res.Months++
		part := fmt.Sprintf("year=%04d/month=%02d", m.Year(), int(m.Month()))
		n, err := writeFile(filepath.Join(dir, "events", part, "part-0.parquet"), eventSchema, props,
			func(b *array.RecordBuilder) { appendEvents(b, evs) })
		if err != nil {
			return res, fmt.Errorf("export parquet: events of %s: %w", m.Format("2006-01"), err)
		}
		res.Files++
		res.Bytes += n
		res.Events += int64(len(evs))

		cells, err := r.CubeCells(ctx, store.CubeQuery{From: lo, To: hi, By: store.Day})
		if err != nil {
			return res, fmt.Errorf("export parquet: cube of %s: %w", m.Format("2006-01"), err)
		}
		if len(cells) == 0 {
			continue
		}
		n, err = writeFile(filepath.Join(dir, "cube", part, "part-0.parquet"), cubeSchema, props,
			func(b *array.RecordBuilder) { appendCells(b, cells) })
		if err != nil {
			return res, fmt.Errorf("export parquet: cube of %s: %w", m.Format("2006-01"), err)
		}
		res.Files++
		res.Bytes += n
		res.CubeCells += int64(len(cells))
	}
	return res, nil
}

// writeFile builds one record with fill and writes it to path through a
// temporary file renamed into place. It returns the file's size.
func writeFile(path string, schema *arrow.Schema, props *parquet.WriterProperties, fill func(*array.RecordBuilder)) (int64, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return 0, err
	}
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	fill(b)
	rec := b.NewRecordBatch()
	defer rec.Release()

	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return 0, err
	}
	fw, err := pqarrow.NewFileWriter(schema, f, props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
	if err != nil {
		return 0, errors.Join(err, f.Close(), os.Remove(tmp))
	}
	if err := fw.Write(rec); err != nil {
		return 0, errors.Join(err, fw.Close(), os.Remove(tmp))
	}
	if err := fw.Close(); err != nil { // closes f too
		return 0, errors.Join(err, os.Remove(tmp))
	}
	st, err := os.Stat(tmp)
	if err != nil {
		return 0, err
	}
	if err := os.Rename(tmp, path); err != nil {
		return 0, errors.Join(err, os.Remove(tmp))
	}
	return st.Size(), nil
}

var utcMillis = &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}

// eventSchema mirrors the stores' events table (store/duckdb's doc).
var eventSchema = arrow.NewSchema([]arrow.Field{
	{Name: "dataset", Type: arrow.BinaryTypes.String},
	{Name: "id", Type: arrow.BinaryTypes.String},
	{Name: "day", Type: arrow.FixedWidthTypes.Date32},
	{Name: "source_code", Type: arrow.BinaryTypes.String},
	{Name: "source_name", Type: arrow.BinaryTypes.String},
	{Name: "source_country", Type: arrow.BinaryTypes.String},
	{Name: "source_type", Type: arrow.BinaryTypes.String},
	{Name: "target_code", Type: arrow.BinaryTypes.String},
	{Name: "target_name", Type: arrow.BinaryTypes.String},
	{Name: "target_country", Type: arrow.BinaryTypes.String},
	{Name: "target_type", Type: arrow.BinaryTypes.String},
	{Name: "code", Type: arrow.BinaryTypes.String},
	{Name: "base", Type: arrow.BinaryTypes.String},
	{Name: "root", Type: arrow.BinaryTypes.String},
	{Name: "quad", Type: arrow.PrimitiveTypes.Int8},
	{Name: "goldstein", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "tone", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "mentions", Type: arrow.PrimitiveTypes.Int32},
	{Name: "sources", Type: arrow.PrimitiveTypes.Int32},
	{Name: "articles", Type: arrow.PrimitiveTypes.Int32},
	{Name: "geo_country", Type: arrow.BinaryTypes.String},
	{Name: "lat", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "lon", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "url", Type: arrow.BinaryTypes.String},
	{Name: "added", Type: utcMillis, Nullable: true},
	{Name: "file", Type: arrow.BinaryTypes.String},
	{Name: "line", Type: arrow.PrimitiveTypes.Int64},
}, nil)

func appendEvents(b *array.RecordBuilder, evs []events.Event) {
	str := func(i int) *array.StringBuilder { return b.Field(i).(*array.StringBuilder) }
	f64 := func(i int, v float64) {
		fb := b.Field(i).(*array.Float64Builder)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			fb.AppendNull()
		} else {
			fb.Append(v)
		}
	}
	i32 := func(i int) *array.Int32Builder { return b.Field(i).(*array.Int32Builder) }
	for k := range evs {
		e := &evs[k]
		str(0).Append(string(e.Dataset))
		str(1).Append(e.ID)
		b.Field(2).(*array.Date32Builder).Append(arrow.Date32FromTime(day(e.Date)))
		str(3).Append(e.Source.Code)
		str(4).Append(e.Source.Name)
		str(5).Append(e.Source.Country)
		str(6).Append(e.Source.Type)
		str(7).Append(e.Target.Code)
		str(8).Append(e.Target.Name)
		str(9).Append(e.Target.Country)
		str(10).Append(e.Target.Type)
		str(11).Append(e.Code)
		str(12).Append(e.Base)
		str(13).Append(e.Root)
		b.Field(14).(*array.Int8Builder).Append(int8(e.Quad))
		f64(15, e.Goldstein)
		f64(16, e.Tone)
		i32(17).Append(e.Mentions)
		i32(18).Append(e.Sources)
		i32(19).Append(e.Articles)
		str(20).Append(e.GeoCountry)
		f64(21, e.Lat)
		f64(22, e.Lon)
		str(23).Append(e.URL)
		tb := b.Field(24).(*array.TimestampBuilder)
		if e.Added.IsZero() {
			tb.AppendNull()
		} else {
			tb.Append(arrow.Timestamp(e.Added.UnixMilli()))
		}
		str(25).Append(e.File)
		b.Field(26).(*array.Int64Builder).Append(e.Line)
	}
}

// cubeSchema is store.CubeCell by day.
var cubeSchema = arrow.NewSchema([]arrow.Field{
	{Name: "day", Type: arrow.FixedWidthTypes.Date32},
	{Name: "source", Type: arrow.BinaryTypes.String},
	{Name: "target", Type: arrow.BinaryTypes.String},
	{Name: "quad", Type: arrow.PrimitiveTypes.Int8},
	{Name: "events", Type: arrow.PrimitiveTypes.Int64},
	{Name: "goldstein", Type: arrow.PrimitiveTypes.Float64},
	{Name: "tone", Type: arrow.PrimitiveTypes.Float64},
	{Name: "tone_n", Type: arrow.PrimitiveTypes.Int64},
	{Name: "mentions", Type: arrow.PrimitiveTypes.Int64},
	{Name: "goldstein_mentions", Type: arrow.PrimitiveTypes.Float64},
	{Name: "distinct_events", Type: arrow.PrimitiveTypes.Int64},
	{Name: "goldstein_distinct", Type: arrow.PrimitiveTypes.Float64},
}, nil)

func appendCells(b *array.RecordBuilder, cells []store.CubeCell) {
	for _, c := range cells {
		b.Field(0).(*array.Date32Builder).Append(arrow.Date32FromTime(c.Period))
		b.Field(1).(*array.StringBuilder).Append(c.Source)
		b.Field(2).(*array.StringBuilder).Append(c.Target)
		b.Field(3).(*array.Int8Builder).Append(int8(c.Quad))
		b.Field(4).(*array.Int64Builder).Append(c.Events)
		b.Field(5).(*array.Float64Builder).Append(c.Goldstein)
		b.Field(6).(*array.Float64Builder).Append(c.Tone)
		b.Field(7).(*array.Int64Builder).Append(c.ToneN)
		b.Field(8).(*array.Int64Builder).Append(c.Mentions)
		b.Field(9).(*array.Float64Builder).Append(c.GoldsteinMentions)
		b.Field(10).(*array.Int64Builder).Append(c.Distinct)
		b.Field(11).(*array.Float64Builder).Append(c.GoldsteinDistinct)
	}
}

func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
