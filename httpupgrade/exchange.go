package httpupgrade

import "time"

// Exchange is a message's place among the requests and responses of its
// connection: what tshark's HTTP conversation shows with it. Frame numbers
// are 0 where there is none (the first request has no previous one) or
// where they are not known (a one-pass view knows no later frame).
type Exchange struct {
	// Number is the n of "[HTTP request n/m]" and "[HTTP response n/m]"
	// (http.request_number, http.response_number) and Total its m: the
	// requests of the connection. 0 when the message has no place (a
	// response before any request).
	Number, Total  int
	RequestIn      uint64 // http.request_in: the request a response answers
	ResponseIn     uint64 // http.response_in: the response to a request
	PrevRequestIn  uint64 // http.prev_request_in
	PrevResponseIn uint64 // http.prev_response_in: for a response only
	NextRequestIn  uint64 // http.next_request_in
	NextResponseIn uint64 // http.next_response_in: for a response only
	// SinceRequest is http.time: a response's time since its request
	// (RequestIn).
	SinceRequest time.Duration
	// RequestURI is the full URI of the request a response answers
	// (http.response_for.uri, the request's FullURI); "" for a request or
	// when unknown.
	RequestURI string
}
