package bif

import (
	"fmt"
	"unicode/utf8"
)

// tokKind classifies BIF tokens.
type tokKind uint8

const (
	tokEOF    tokKind = iota
	tokWord           // identifiers, numbers, keywords: any run of non-space, non-punctuation bytes
	tokString         // "double quoted", quotes removed
	tokPunct          // one of { } ( ) [ ] ; , |
)

type token struct {
	kind tokKind
	text string
	line int
	pos  int // byte offset of the token in the input
}

// lexer splits BIF text into tokens. BIF (Cozman's interchange format 0.15
// and the bnlearn/pgmpy dialect) has C and C++ comments, double-quoted
// strings and bare words; a bare word runs until white space or one of the
// punctuation bytes, so names such as "0-3_days" or "12+" (child.bif) are
// single words.
type lexer struct {
	src  []byte
	i    int
	line int
	peek *token
}

func newLexer(src []byte) *lexer { return &lexer{src: src, line: 1} }

func isPunct(c byte) bool {
	switch c {
	case '{', '}', '(', ')', '[', ']', ';', ',', '|':
		return true
	}
	return false
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// next returns the next token or a *ParseError.
func (l *lexer) next() (token, error) {
	if l.peek != nil {
		t := *l.peek
		l.peek = nil
		return t, nil
	}
	for l.i < len(l.src) {
		c := l.src[l.i]
		switch {
		case c == '\n':
			l.line++
			l.i++
		case isSpace(c):
			l.i++
		case c == '/' && l.i+1 < len(l.src) && l.src[l.i+1] == '/':
			for l.i < len(l.src) && l.src[l.i] != '\n' {
				l.i++
			}
		case c == '/' && l.i+1 < len(l.src) && l.src[l.i+1] == '*':
			start := l.line
			l.i += 2
			for {
				if l.i+1 >= len(l.src) {
					return token{}, &ParseError{Line: start, Msg: "comment /* is never closed"}
				}
				if l.src[l.i] == '*' && l.src[l.i+1] == '/' {
					l.i += 2
					break
				}
				if l.src[l.i] == '\n' {
					l.line++
				}
				l.i++
			}
		case c == '"':
			start, line := l.i, l.line
			l.i++
			for l.i < len(l.src) && l.src[l.i] != '"' {
				if l.src[l.i] == '\n' {
					l.line++
				}
				l.i++
			}
			if l.i >= len(l.src) {
				return token{}, &ParseError{Line: line, Msg: "string is never closed (missing \")"}
			}
			l.i++
			return token{kind: tokString, text: string(l.src[start+1 : l.i-1]), line: line, pos: start}, nil
		case isPunct(c):
			l.i++
			return token{kind: tokPunct, text: string(c), line: l.line, pos: l.i - 1}, nil
		default:
			start := l.i
			for l.i < len(l.src) && !isSpace(l.src[l.i]) && !isPunct(l.src[l.i]) && l.src[l.i] != '"' {
				l.i++
			}
			w := l.src[start:l.i]
			if !utf8.Valid(w) {
				return token{}, &ParseError{Line: l.line, Msg: fmt.Sprintf("invalid UTF-8 in %q", w)}
			}
			return token{kind: tokWord, text: string(w), line: l.line, pos: start}, nil
		}
	}
	return token{kind: tokEOF, line: l.line, pos: len(l.src)}, nil
}

// unread pushes t back; only one token of look-ahead is kept.
func (l *lexer) unread(t token) { l.peek = &t }

// ParseError is a syntax or consistency error at a line of a BIF file.
type ParseError struct {
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("bif: line %d: %s", e.Line, e.Msg) }
