package management

import (
	"errors"
	"strings"
	"testing"
)

func TestCommandErrorNamesCommandReplyAndCause(t *testing.T) {
	err := &CommandError{Command: "kill alice", Reply: "The 'kill' command is not supported by the current daemon mode", Cause: ErrWrongMode}
	if !errors.Is(err, ErrWrongMode) {
		t.Fatalf("errors.Is(ErrWrongMode) = false for %v", err)
	}
	for _, want := range []string{"kill alice", "not supported by the current daemon mode", "mode"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestArgumentErrorIsInvalidArgument(t *testing.T) {
	err := &ArgumentError{Command: "kill", Argument: "common name", Reason: "contains a newline"}
	if !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), "nothing was sent") {
		t.Fatalf("unexpected %v", err)
	}
}
