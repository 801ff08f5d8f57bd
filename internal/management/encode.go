package management

// Limits of the daemon's command reader and lexer (manage.c, options.c).
const (
	// MaxLineBytes: command_line_new(1024) holds 1023 bytes plus the newline;
	// a longer line is cut and its tail runs as a new command.
	MaxLineBytes = 1023
	// MaxTokenBytes: OPTION_PARM_SIZE; a longer token is refused by the lexer.
	MaxTokenBytes = 256
	// MaxTokens: MAX_PARMS; tokens past it are silently ignored.
	MaxTokens = 16
)

// Arg is one argument of a command line, typed so that the encoder knows
// how to check and write it.
type Arg struct {
	// filled in by encode.go's constructors
}

// Text is free text (a common name, a reason, a message): always written
// quoted and escaped for the daemon's lexer. name says what the argument
// is in error messages.
func Text(name, s string) Arg { panic("TODO") }

// Word is an enum word (on, off, HALT, SIGHUP, ...) that must be one of allowed.
func Word(name, s string, allowed ...string) Arg { panic("TODO") }

// Uint is a number written in decimal after checking min <= n <= max.
func Uint(name string, n, min, max uint64) Arg { panic("TODO") }

// BuildCommand checks every argument and returns the command line without
// its newline, or an *ArgumentError naming the argument and the reason.
// Nothing is ever half-built: a line is either wholly safe or refused.
func BuildCommand(command string, args ...Arg) (string, error) { panic("TODO") }

// checkPasswordLine refuses a password the daemon would read differently
// from what was configured (the password line is raw, not lexed).
func checkPasswordLine(pw string) error { panic("TODO") }
