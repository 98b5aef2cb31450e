package wsdissect

// Hold keeps r, a record the Records iterator handed out, valid after the
// iterator moves on, until Release gives it back: a view can then build
// the record's packet tree and print it on another goroutine while the
// next records are dissected. A record handed out is self-contained (its
// frame, payloads and messages are its own), so nothing but recycling
// stops it from outliving the iterator's step; Hold stops that. Hold is
// for the goroutine that iterates, before the iterator moves on.
//
// Every record held is storage the pipeline cannot reuse: hold few at a
// time, and Release each once done with it.
func (d *Dissector) Hold(r *Record) {
	if !r.held {
		r.held = true
		d.holds++
	}
}

// Release gives back records Hold kept; they must not be used after.
// Release may be called from any goroutine: the iterating one recycles
// the records when it next moves on. Giving back several at once takes
// the lock they share once.
func (d *Dissector) Release(recs ...*Record) {
	d.releaseMu.Lock()
	d.released = append(d.released, recs...)
	d.releaseMu.Unlock()
}

// recycleReleased recycles the records Release gave back.
func (d *Dissector) recycleReleased() {
	if d.holds == 0 {
		return
	}
	d.releaseMu.Lock()
	d.released, d.releasing = d.releasing[:0], d.released
	d.releaseMu.Unlock()
	for i, r := range d.releasing {
		r.held = false
		d.holds--
		d.recycle(r)
		d.releasing[i] = nil
	}
}
