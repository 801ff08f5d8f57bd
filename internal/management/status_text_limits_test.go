package management

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// A status text is held to the limits of a live status reply and refused,
// before anything is read, with an error that names the limit and what
// was found.
func TestParseStatusTextLimits(t *testing.T) {
	SetReplyLimits(t, 64, 1024, 20)
	row := "CLIENT_LIST\ta\t127.0.0.1:1\n"
	head := "TITLE\tx\nHEADER\tCLIENT_LIST\tCommon Name\tReal Address\n"
	tests := []struct {
		name, text, contains string
	}{
		{"size", head + strings.Repeat(row, 1024/len(row)) + "END\n",
			"status text too large: 1070 bytes, over the size limit of 1024 bytes (1 KiB) that a status reply read from the daemon is held to"},
		{"lines", head + strings.Repeat("\n", 19) + "END\n", "22 lines, over the lines limit of 20 lines"},
		{"line length", head + "CLIENT_LIST\t" + strings.Repeat("x", 53) + "\tb\r\nEND\n", "line 3 is 67 bytes long, over the line length limit of 64 bytes"},
	}
	for _, tt := range tests {
		st, _, err := ParseStatusText(tt.text, time.UTC)
		var le *StatusTextLimitError
		if !errors.Is(err, ErrStatusTextTooLarge) || !errors.As(err, &le) || st != nil || !strings.Contains(err.Error(), tt.contains) {
			t.Errorf("%s: %v, want an error containing %q", tt.name, err, tt.contains)
		}
	}
	// At each limit the text is read.
	atLimits := head + "CLIENT_LIST\t" + strings.Repeat("x", 50) + "\tb\r\n" + strings.Repeat("\n", 16) + "END\n"
	if _, _, err := ParseStatusText(atLimits, time.UTC); err != nil {
		t.Errorf("a text at the limits: %v", err)
	}
}

// The real size limit is MaxReplyBytes: a text one byte over it is refused,
// one at it is not (checked on the size alone, without 128 MiB of text).
func TestCheckStatusTextSize(t *testing.T) {
	if err := CheckStatusTextSize(MaxStatusTextBytes); err != nil {
		t.Errorf("at the limit: %v", err)
	}
	err := CheckStatusTextSize(MaxStatusTextBytes + 1)
	want := "status text too large: 134217729 bytes, over the size limit of 134217728 bytes (128 MiB)"
	if !errors.Is(err, ErrStatusTextTooLarge) || !strings.Contains(err.Error(), want) {
		t.Errorf("one byte over: %v, want %q", err, want)
	}
}
