package wsdissect

import "iter"

// Messages yields every complete WebSocket message in capture order of the
// frame that completes it; a control frame is a message of its own. It
// reads the capture as Records does (ErrIterated when another iterator has
// started): Records gives the same messages, in Record.Messages.
//
// A message is valid until the iterator moves on: Clone what you keep.
func (d *Dissector) Messages() iter.Seq2[*Message, error] {
	return func(yield func(*Message, error) bool) {
		if !begin(d, yield) {
			return
		}
		for rec, err := range d.records {
			if err != nil {
				yield(nil, err)
				return
			}
			for _, m := range rec.Messages {
				if !yield(m, nil) {
					return
				}
			}
		}
	}
}
