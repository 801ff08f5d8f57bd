package management

import (
	"errors"
	"strings"
	"testing"
)

func TestParseLogLine(t *testing.T) {
	tests := []struct {
		line string
		want LogLine
	}{
		// PROTOCOL.md §6, lab 2.6.14: flags are often empty
		{"1795550902,,alice/127.0.0.1:47212 SIGTERM[soft,remote-exit] received, client-instance exiting",
			LogLine{Time: unix(1795550902), Message: "alice/127.0.0.1:47212 SIGTERM[soft,remote-exit] received, client-instance exiting"}},
		{"1795550806,I,Initialization Sequence Completed", LogLine{Time: unix(1795550806), Flags: "I", Message: "Initialization Sequence Completed"}},
		{"1795550806,NW,WARNING: x, y, z", LogLine{Time: unix(1795550806), Flags: "NW", Message: "WARNING: x, y, z"}},
		{"1795550806,D,", LogLine{Time: unix(1795550806), Flags: "D"}},
		{"1795550806,,MANAGEMENT: CMD 'kill \"Doe, John #1\"'\r", LogLine{Time: unix(1795550806), Message: "MANAGEMENT: CMD 'kill \"Doe, John #1\"'"}},
	}
	for _, tt := range tests {
		got, err := ParseLogLine(tt.line)
		if err != nil {
			t.Errorf("ParseLogLine(%q): %v", tt.line, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseLogLine(%q)\n got %+v\nwant %+v", tt.line, got, tt.want)
		}
	}
	for _, line := range []string{"", "1795550806", "1795550806,I", "x,I,message", ",I,message", "END"} {
		if l, err := ParseLogLine(line); err == nil || !errors.Is(err, ErrProtocol) {
			t.Errorf("ParseLogLine(%q) = %+v, %v; want ErrProtocol", line, l, err)
		}
	}
}

func TestParseEchoLine(t *testing.T) {
	tests := []struct {
		line string
		want EchoLine
	}{
		{"1795550806,forget-passwords", EchoLine{Time: unix(1795550806), Text: "forget-passwords"}},
		{"1795550806,hello, world,again", EchoLine{Time: unix(1795550806), Text: "hello, world,again"}},
		{"1795550806,", EchoLine{Time: unix(1795550806)}},
	}
	for _, tt := range tests {
		got, err := ParseEchoLine(tt.line)
		if err != nil {
			t.Errorf("ParseEchoLine(%q): %v", tt.line, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseEchoLine(%q)\n got %+v\nwant %+v", tt.line, got, tt.want)
		}
	}
	for _, line := range []string{"", "1795550806", "now,text", "END"} {
		if e, err := ParseEchoLine(line); err == nil || !errors.Is(err, ErrProtocol) {
			t.Errorf("ParseEchoLine(%q) = %+v, %v; want ErrProtocol", line, e, err)
		}
	}
}

func TestParseLogRealCaptures(t *testing.T) {
	for _, file := range []string{"log-5.txt", "log-all.txt"} {
		t.Run(file, func(t *testing.T) {
			lines := readCapture(t, file)
			if len(lines) == 0 {
				t.Fatal("no log lines")
			}
			for _, l := range lines {
				got, err := ParseLogLine(l)
				if err != nil {
					t.Fatal(err)
				}
				if got.Time.IsZero() || strings.Trim(got.Flags, "IFNWD") != "" {
					t.Errorf("%q: %+v", l, got)
				}
			}
		})
	}
	t.Run("echo-all.txt", func(t *testing.T) {
		for _, l := range readCapture(t, "echo-all.txt") {
			if _, err := ParseEchoLine(l); err != nil {
				t.Error(err)
			}
		}
	})
}
