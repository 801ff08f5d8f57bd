package management_test

import (
	"context"
	"testing"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// Behind the pass-through, a reply that carried a forwarded notification
// is followed by an empty line. Every command on the connection still
// reads its own reply, whether or not it has an end marker.
func TestPassThroughEmptyLineAfterNotifications(t *testing.T) {
	p := fakemgmt.NewPassThrough()
	p.Notification = ">LOG:1764363520,I,MULTI: multi_create_instance called"
	srv := fakemgmt.Start(t, fakemgmt.OneAtATime(p.Handle))
	c := fakeClient(t, srv.Addr(), management.Config{Password: fakemgmt.PassThroughPassword})
	ctx := context.Background()
	for i := range 2 {
		s, err := c.State(ctx)
		if err != nil || s.Name != "CONNECTED" {
			t.Fatalf("state #%d = %+v, %v", i+1, s, err)
		}
	}
	st, err := c.Status(ctx)
	if err != nil || len(st.Clients) != 3 {
		t.Fatalf("status after two states = %+v, %v", st, err)
	}
	hist, err := c.StateHistory(ctx, 5)
	if err != nil || len(hist) != 2 {
		t.Fatalf("state 5 = %+v, %v", hist, err)
	}
	if pid, err := c.PID(ctx); err != nil || pid != 9316 {
		t.Fatalf("pid = %d, %v", pid, err)
	}
	if srv.Accepted() != 1 {
		t.Errorf("%d connections, want 1: no reply was out of step", srv.Accepted())
	}
}
