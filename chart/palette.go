package chart

import "image/color"

// OkabeIto is the colour-blind-safe palette of Okabe & Ito, "Color Universal
// Design (CUD): How to make figures and presentations that are friendly to
// colorblind people", 2008, https://jfly.uni-koeln.de/color/, without its
// black: orange, sky blue, bluish green, yellow, blue, vermillion, reddish
// purple.
var OkabeIto = []color.RGBA{
	{0xE6, 0x9F, 0x00, 0xFF}, // orange
	{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
	{0x00, 0x9E, 0x73, 0xFF}, // bluish green
	{0xF0, 0xE4, 0x42, 0xFF}, // yellow
	{0x00, 0x72, 0xB2, 0xFF}, // blue
	{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
	{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
}

// Named Okabe–Ito colours, for callers that give meaning to a colour.
var (
	Orange        = OkabeIto[0]
	SkyBlue       = OkabeIto[1]
	BluishGreen   = OkabeIto[2]
	Yellow        = OkabeIto[3]
	Blue          = OkabeIto[4]
	Vermillion    = OkabeIto[5]
	ReddishPurple = OkabeIto[6]
	Black         = color.RGBA{0, 0, 0, 0xFF}
	Grey          = color.RGBA{0x99, 0x99, 0x99, 0xFF} // for "no data"/"indeterminate"
)

// withAlpha returns c with opacity a (0–255), premultiplied as image/color
// requires.
func withAlpha(c color.RGBA, a uint8) color.RGBA {
	f := float64(a) / 255
	return color.RGBA{uint8(float64(c.R) * f), uint8(float64(c.G) * f), uint8(float64(c.B) * f), a}
}
