package events_test

import (
	"fmt"
	"strings"

	"entente/events"
)

// A GDELT 2.0 export row (61 tab-separated columns) read from memory: the
// format is detected from the content, FIPS "RS" becomes "RUS", the code
// keeps its leading zero, and a row with an impossible date is rejected
// with its line number while the good row is kept.
func ExampleNewReader() {
	f := make([]string, 61)
	f[0], f[1], f[7], f[17] = "1000001", "20220204", "RUS", "CHN"
	f[26], f[27], f[28], f[29], f[30] = "040", "040", "04", "1", "1"
	f[53], f[56], f[57], f[59] = "RS", "55.75", "37.62", "20220204120000"
	good := strings.Join(f, "\t")
	f[1] = "20220230"
	bad := strings.Join(f, "\t")

	r, err := events.NewReader(events.BytesInput("example.CSV", []byte(good+"\n"+bad+"\n")), "auto", events.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	b, err := events.ReadAll(r)
	if err != nil {
		fmt.Println(err)
		return
	}
	e := b.Events[0]
	fmt.Println(r.Format(), e.ID, e.Date.Format("2006-01-02"), e.Source.Country, e.Target.Country, e.Code, e.Quad, e.GeoCountry, e.Tone)
	fmt.Println(b.Rejects[0].Error())
	// Output:
	// gdelt2 1000001 2022-02-04 RUS CHN 040 1 RUS NaN
	// example.CSV:2: SQLDATE: date "20220230" is not a YYYYMMDD calendar date
}
