package provider

import (
	"strconv"

	"golang.org/x/text/unicode/norm"
)

// Names (common names, usernames) are compared in Unicode NFC. Terraform
// holds every string in NFC: cty normalises each string it makes, the
// configuration's and a provider's results alike. The daemon instead
// prints a certificate's common name as the bytes the certificate holds,
// so a certificate made with "Zoe" + U+0308 (NFD) could never equal the
// "Zoë" Terraform passes, however it was written in the configuration.

// nameKey is the form in which names are compared: NFC. It returns s
// itself, without copying, when s is already in NFC (most names).
func nameKey(s string) string { return norm.NFC.String(s) }

// sameName reports whether a declared name and a listed one are the same
// name once both are in NFC.
func sameName(declared, listed string) bool { return nameKey(declared) == nameKey(listed) }

// quotedName quotes a name the daemon listed, for a message: as Go quotes
// it when it is in NFC, and with every non-ASCII character escaped
// ("Zoe\u0308") when it is not, because Terraform shows a message in NFC
// too, and the name would read exactly like its NFC form.
func quotedName(s string) string {
	if norm.NFC.IsNormalString(s) {
		return strconv.Quote(s) // as %q
	}
	return strconv.QuoteToASCII(s) // as %+q
}

// shownName is a listed name as it appears unquoted in a message: itself
// in NFC, else quoted as quotedName does.
func shownName(s string) string {
	if norm.NFC.IsNormalString(s) {
		return s
	}
	return quotedName(s)
}
