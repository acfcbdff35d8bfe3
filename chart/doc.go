// Package chart draws Entente's figures as PNG or SVG with gonum/plot: time
// series with a confidence band, stacked bars per period, a strip of
// categories per period and dated vertical marks, in up to two aligned
// panels that share a date axis.
//
// The package knows nothing about dyads or triangles: callers (relations,
// report, server) describe a figure with plain values (TimeChart) and chart
// renders it. That keeps domain packages free of drawing code and lets every
// figure share one look: the colour-blind-safe palette of Okabe & Ito
// ("Color Universal Design", 2008; OkabeIto), titles, axis labels, legends
// and ISO dates on the x axis.
//
// PNG files carry their title and series names in iTXt chunks (keywords
// "Title" and "Description", PNG specification §11.3.4.5), so a figure can
// be identified without looking at it; SVG files hold them as text.
package chart
