package relations

import (
	"sort"
	"strings"
	"time"
)

// Membership is one country's membership of a group, from its joining date
// to its leaving date (inclusive days; a zero To means still a member).
type Membership struct {
	Country  string // CAMEO country code
	From, To time.Time
}

// Group is a named set of countries with dated memberships.
type Group struct {
	Name    string
	About   string // one line: what the group is and which dates count
	Members []Membership
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic("relations: bad date in group table: " + s)
	}
	return t
}

func join(date string, countries ...string) []Membership {
	out := make([]Membership, len(countries))
	for i, c := range countries {
		out[i] = Membership{Country: c, From: day(date)}
	}
	return out
}

func concat(parts ...[]Membership) []Membership {
	var out []Membership
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// groups is the dated membership table. Country codes are CAMEO's (which
// differ from ISO 3166 for Romania, ROM, and Montenegro, MTN). Dates are
// entry into force of membership, as published by each organisation:
//
//   - NATO: the North Atlantic Treaty entered into force on 1949-08-24 for
//     the twelve founders; later accessions on the day the instrument of
//     accession was deposited (nato.int, "NATO member countries"). France
//     stayed a member while outside the integrated command (1966–2009).
//   - EU: counted from its predecessor, the EEC (Treaty of Rome in force
//     1958-01-01), through the EC to the EU (1993-11-01), because the
//     members' mutual commitments are continuous. The United Kingdom left at
//     the end of 2020-01-31 (european-union.europa.eu, "Country profiles").
//   - G7: the Rambouillet summit of 1975-11-15 (France, West Germany, Italy,
//     Japan, the United Kingdom, the United States), Canada from the Puerto
//     Rico summit of 1976-06-27. Russia's G8 seat (1997–2014) is not G7
//     membership: the G7 met on its own throughout and suspended the G8 in
//     March 2014, so Russia is never a G7 member here; the EU attends but is
//     not a member.
//   - BRICS: the first BRIC summit, Yekaterinburg 2009-06-16; South Africa
//     from its invitation on 2010-12-24; Egypt, Ethiopia, Iran and the United
//     Arab Emirates from 2024-01-01 (Saudi Arabia has not confirmed and is
//     left out); Indonesia from 2025-01-06.
//   - SCO: founded in Shanghai 2001-06-15 by China, Kazakhstan, Kyrgyzstan,
//     Russia, Tajikistan and Uzbekistan (the Shanghai Five of 1996 was not
//     the SCO); India and Pakistan 2017-06-09; Iran 2023-07-04; Belarus
//     2024-07-04.
var groups = []Group{
	{
		Name:  "NATO",
		About: "North Atlantic Treaty Organization, members from accession (1949-08-24 founders ... Sweden 2024-03-07)",
		Members: concat(
			join("1949-08-24", "BEL", "CAN", "DNK", "FRA", "ISL", "ITA", "LUX", "NLD", "NOR", "PRT", "GBR", "USA"),
			join("1952-02-18", "GRC", "TUR"),
			join("1955-05-09", "DEU"),
			join("1982-05-30", "ESP"),
			join("1999-03-12", "CZE", "HUN", "POL"),
			join("2004-03-29", "BGR", "EST", "LVA", "LTU", "ROM", "SVK", "SVN"),
			join("2009-04-01", "ALB", "HRV"),
			join("2017-06-05", "MTN"),
			join("2020-03-27", "MKD"),
			join("2023-04-04", "FIN"),
			join("2024-03-07", "SWE"),
		),
	},
	{
		Name:  "EU",
		About: "European Union and its predecessors EEC/EC from 1958-01-01; the United Kingdom until 2020-01-31",
		Members: concat(
			join("1958-01-01", "BEL", "FRA", "DEU", "ITA", "LUX", "NLD"),
			join("1973-01-01", "DNK", "IRL"),
			[]Membership{{Country: "GBR", From: day("1973-01-01"), To: day("2020-01-31")}},
			join("1981-01-01", "GRC"),
			join("1986-01-01", "ESP", "PRT"),
			join("1995-01-01", "AUT", "FIN", "SWE"),
			join("2004-05-01", "CYP", "CZE", "EST", "HUN", "LVA", "LTU", "MLT", "POL", "SVK", "SVN"),
			join("2007-01-01", "BGR", "ROM"),
			join("2013-07-01", "HRV"),
		),
	},
	{
		Name:  "G7",
		About: "Group of Seven from Rambouillet 1975-11-15, Canada from 1976-06-27; Russia's G8 seat (1997-2014) is not counted",
		Members: concat(
			join("1975-11-15", "FRA", "DEU", "ITA", "JPN", "GBR", "USA"),
			join("1976-06-27", "CAN"),
		),
	},
	{
		Name:  "BRICS",
		About: "BRIC from 2009-06-16, South Africa from 2010-12-24, 2024-01-01 expansion, Indonesia from 2025-01-06",
		Members: concat(
			join("2009-06-16", "BRA", "RUS", "IND", "CHN"),
			join("2010-12-24", "ZAF"),
			join("2024-01-01", "EGY", "ETH", "IRN", "ARE"),
			join("2025-01-06", "IDN"),
		),
	},
	{
		Name:  "SCO",
		About: "Shanghai Cooperation Organisation from 2001-06-15; India and Pakistan 2017, Iran 2023, Belarus 2024",
		Members: concat(
			join("2001-06-15", "CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB"),
			join("2017-06-09", "IND", "PAK"),
			join("2023-07-04", "IRN"),
			join("2024-07-04", "BLR"),
		),
	},
}

// Groups returns the known groups, sorted by name. The result is a copy.
func Groups() []Group {
	out := make([]Group, len(groups))
	for i, g := range groups {
		out[i] = g
		out[i].Members = append([]Membership(nil), g.Members...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// LookupGroup finds a group by name, case-insensitively.
func LookupGroup(name string) (Group, bool) {
	for _, g := range Groups() {
		if strings.EqualFold(g.Name, name) {
			return g, true
		}
	}
	return Group{}, false
}

// MembersOn returns the countries that are members of g on day t.
func (g Group) MembersOn(t time.Time) []string {
	var out []string
	for _, m := range g.Members {
		if !t.Before(m.From) && (m.To.IsZero() || !t.After(m.To)) {
			out = append(out, m.Country)
		}
	}
	return out
}
