package wsdissect

import (
	"time"

	"github.com/wsdissect/wsdissect/httpupgrade"
)

// httpPair is the frames of one request and of its response on a
// connection (0: none), what a first pass learns for the second
// (Options.TwoPass): tshark's http_req_res_t.
type httpPair struct{ request, response uint64 }

// httpPending is a request whose response has not come yet.
type httpPending struct {
	number int
	frame  uint64
	at     time.Time
	msg    *httpupgrade.Message
	prev   uint64 // the request before it
}

// exchanges pairs the requests and responses of a connection in the order
// they come (a response answers the oldest request without one), as
// tshark's HTTP conversation does. later holds the pairs of the whole
// connection when a first pass found them: the facts a single pass does not
// know yet (the response in a later frame, the next request, the count).
type exchanges struct {
	requests     int
	lastRequest  uint64
	lastResponse uint64
	pending      []httpPending
	later        []httpPair
}

// request notes a request in frame at and returns its Exchange.
func (x *exchanges) request(m *httpupgrade.Message, frame uint64, at time.Time) httpupgrade.Exchange {
	x.requests++
	ex := httpupgrade.Exchange{Number: x.requests, Total: x.requests, PrevRequestIn: x.lastRequest}
	if len(x.pending) < maxPendingRequests {
		x.pending = append(x.pending, httpPending{number: x.requests, frame: frame, at: at, msg: m, prev: x.lastRequest})
	}
	x.lastRequest = frame
	x.fillLater(&ex)
	return ex
}

// response notes a response in frame at and returns its Exchange: none
// when no request waits for one.
func (x *exchanges) response(frame uint64, at time.Time) httpupgrade.Exchange {
	if len(x.pending) == 0 {
		return httpupgrade.Exchange{}
	}
	p := x.pending[0]
	x.pending = append(x.pending[:0], x.pending[1:]...)
	ex := httpupgrade.Exchange{Number: p.number, Total: x.requests, RequestIn: p.frame, SinceRequest: at.Sub(p.at),
		RequestURI: p.msg.FullURI(), PrevRequestIn: p.prev, PrevResponseIn: x.lastResponse}
	x.lastResponse = frame
	x.fillLater(&ex)
	ex.ResponseIn = 0 // a response shows its request, not itself
	return ex
}

// fillLater adds what the first pass knows of the exchange's future.
func (x *exchanges) fillLater(ex *httpupgrade.Exchange) {
	k := ex.Number
	if k == 0 || k > len(x.later) {
		return
	}
	ex.Total = len(x.later)
	ex.ResponseIn = x.later[k-1].response
	if k < len(x.later) {
		ex.NextRequestIn = x.later[k].request
		if ex.RequestIn != 0 {
			ex.NextResponseIn = x.later[k].response
		}
	}
}

// maxPendingRequests bounds the requests a connection keeps waiting for
// their responses (pipelining): beyond it, responses go unpaired.
const maxPendingRequests = 64

// noteHTTP adds what a first pass learns of a record's HTTP messages to
// the pairs of its stream, f.
func noteHTTP(f *streamFinal, r *Record) {
	if len(r.HTTP) == 0 {
		return
	}
	for _, m := range r.HTTP {
		ex := m.Exchange
		switch {
		case m.IsRequest && ex.Number == len(f.http)+1:
			f.http = append(f.http, httpPair{request: r.Frame})
		case !m.IsRequest && ex.Number > 0 && ex.Number <= len(f.http):
			f.http[ex.Number-1].response = r.Frame
		}
	}
}
