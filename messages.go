package wsdissect

import "iter"

// Messages yields every complete WebSocket message in capture order of the
// frame that completes it; a control frame is a message of its own. It
// reads the capture through Records, so use one or the other.
func (d *Dissector) Messages() iter.Seq2[*Message, error] {
	return func(yield func(*Message, error) bool) {
		for rec, err := range d.Records() {
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
