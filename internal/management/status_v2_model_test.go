package management

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// modelRejoinClient is the version 2 reading as it was first written:
// build every reading of the row, keep those whose columns have their
// shape. It is quadratic in the commas of a name, but plainly right; the
// parser's rejoinClient must give exactly its results.
func modelRejoinClient(p *statusV3, f []string, c *v3Columns) ([]string, error) {
	extra := len(f) - c.width
	cn, user := c.pos[clCommonName], c.pos[clUsername]
	if user == 0 {
		cand := rejoinAt(f, cn, extra)
		if !modelShapeFits(cand, c) {
			return nil, p.ambiguous("%d fields where the HEADER names %d, and giving the %d extra commas to the common "+
				"name leaves the other columns out of their shape", len(f), c.width, extra)
		}
		return cand, nil
	}
	first, second := min(cn, user), max(cn, user)
	var fits [][]string
	for inFirst := 0; inFirst <= extra; inFirst++ {
		cand := rejoinAt(rejoinAt(f, second+inFirst, extra-inFirst), first, inFirst)
		if modelShapeFits(cand, c) {
			fits = append(fits, cand)
		}
	}
	switch len(fits) {
	case 1:
		return fits[0], nil
	case 0:
		return nil, p.ambiguous("%d fields where the HEADER names %d, and no way of giving the %s to the "+
			"common name or the username leaves the other columns in their shape", len(f), c.width, plural(extra, "extra comma"))
	}
	return nil, p.ambiguous("%d fields where the HEADER names %d; the common name and the username may both hold "+
		"commas and %d readings fit (common name %q … %q): the comma-separated format cannot tell them apart",
		len(f), c.width, len(fits), replyExcerpt(fits[0][cn]), replyExcerpt(fits[len(fits)-1][cn]))
}

func modelShapeFits(f []string, c *v3Columns) bool {
	if fieldAt(f, c.pos[clRealAddress]) == "" {
		return false
	}
	for _, col := range []int{clVirtualAddress, clVirtualIPv6} {
		if !isVirtualAddress(fieldAt(f, c.pos[col])) {
			return false
		}
	}
	for _, col := range []int{clBytesReceived, clBytesSent, clConnectedSince, clPeerID} {
		if c.pos[col] != 0 && !isUnsigned(f[c.pos[col]]) {
			return false
		}
	}
	id := fieldAt(f, c.pos[clClientID])
	return id == "" || isUnsigned(id)
}

// The headers of every release (2.2, 2.3, 2.4, 2.5+), and two the daemon
// never printed but the parser accepts: the username before the common
// name, and the common name last.
var modelHeaders = []string{
	"HEADER,CLIENT_LIST,Common Name,Real Address,Virtual Address,Bytes Received,Bytes Sent,Connected Since,Connected Since (time_t)",
	"HEADER,CLIENT_LIST,Common Name,Real Address,Virtual Address,Bytes Received,Bytes Sent,Connected Since,Connected Since (time_t),Username",
	"HEADER,CLIENT_LIST,Common Name,Real Address,Virtual Address,Virtual IPv6 Address,Bytes Received,Bytes Sent,Connected Since,Connected Since (time_t),Username,Client ID,Peer ID",
	v2Header,
	"HEADER,CLIENT_LIST,Username,Real Address,Virtual Address,Bytes Received,Bytes Sent,Common Name,Client ID",
	"HEADER,CLIENT_LIST,Real Address,Bytes Received,Username,Peer ID,Common Name",
}

// modelValue is a field for a column: mostly its shape, sometimes
// another column's, sometimes nothing the daemon prints.
func modelValue(r *rand.Rand, col string) string {
	pool := []string{"127.0.0.1:1", "10.8.0.2", "fd00::2", "", "0", "42", "1795550806", "2026-11-24 20:06:46", "x", "AES-256-GCM", "UNDEF"}
	if r.IntN(4) != 0 {
		switch col {
		case "Real Address":
			return "127.0.0.1:" + fmt.Sprint(r.IntN(3))
		case "Virtual Address":
			return []string{"10.8.0.2", ""}[r.IntN(2)]
		case "Virtual IPv6 Address":
			return []string{"fd00::2", ""}[r.IntN(2)]
		case "Bytes Received", "Bytes Sent", "Connected Since (time_t)", "Client ID", "Peer ID":
			return fmt.Sprint(r.IntN(3))
		case "Connected Since":
			return "2026-11-24 20:06:46"
		}
	}
	return pool[r.IntN(len(pool))]
}

// modelName is a name of 0 to 5 commas whose pieces are often fields of
// other columns, so that several readings can fit.
func modelName(r *rand.Rand, block []string) string {
	pieces := []string{"a", "b c"}
	for range r.IntN(6) {
		switch r.IntN(4) {
		case 0:
			pieces = append(pieces, block...)
		case 1:
			pieces = append(pieces, block[r.IntN(len(block))])
		default:
			pieces = append(pieces, []string{"x", "", "1", "10.8.0.9", "127.0.0.1:7"}[r.IntN(5)])
		}
	}
	return strings.Join(pieces[r.IntN(2):], ",")
}

// The linear reading gives the model's result, row for row, error text
// included, on 20,000 rows built to have several readings.
func TestRejoinClientMatchesModel(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 6))
	var kinds [3]int // one reading, none, several
	for i := range 20000 {
		header := strings.Split(modelHeaders[i%len(modelHeaders)], ",")
		c, err := newV3Columns(header, clientListColumns, clCommonName, clRealAddress)
		if err != nil {
			t.Fatal(err)
		}
		row := []string{"CLIENT_LIST"}
		for _, col := range header[2:] {
			row = append(row, modelValue(r, col))
		}
		block := slices.Clone(row[1 : len(row)-1])
		for _, col := range []int{clCommonName, clUsername} {
			if pos := c.pos[col]; pos != 0 {
				row[pos] = modelName(r, block)
			}
		}
		f := splitFields(strings.Join(row, ","), ',', nil)
		if len(f) <= c.width {
			continue
		}
		p := &statusV3{sep: ',', line: 4, keyword: v3ClientList}
		got, gotErr := p.rejoinClient(slices.Clone(f), c)
		want, wantErr := modelRejoinClient(p, f, c)
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || !slices.Equal(got, want) {
			t.Fatalf("%q with %s:\ngot  %q %v\nwant %q %v", f, header, got, gotErr, want, wantErr)
		}
		switch {
		case wantErr == nil:
			kinds[0]++
		case strings.Contains(wantErr.Error(), "readings fit"):
			kinds[2]++
		default:
			kinds[1]++
		}
	}
	// The rows must reach all three outcomes, or the comparison proves little.
	if kinds[0] < 100 || kinds[1] < 100 || kinds[2] < 100 {
		t.Errorf("outcomes (one, none, several readings) = %v; the generator no longer reaches each", kinds)
	}
	t.Logf("outcomes (one, none, several readings) = %v", kinds)
}
