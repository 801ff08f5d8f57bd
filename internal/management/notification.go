package management

// Notification is one real-time message (a line starting with ">"), or a
// whole multi-line >CLIENT:/>UPDOWN: block with its ENV lines.
type Notification struct {
	// Type is the word after ">" and before ":" (STATE, LOG, CLIENT, HOLD, ...).
	Type string
	// Text is what follows "TYPE:" on the first line.
	Text string
	// Env holds the ENV lines of a >CLIENT: or >UPDOWN: block, split at the
	// first "=". It may hold secrets (password=); never log it.
	Env map[string]string
}
