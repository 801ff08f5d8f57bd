package remote

// Tunnels is how many distinct SSH connections h holds (open or not yet
// opened): one per set of SSH settings.
func (h *Hosts) Tunnels() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.tunnels)
}
