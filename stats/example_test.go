package stats_test

import (
	"fmt"
	"os"

	"github.com/wsdissect/wsdissect"
	"github.com/wsdissect/wsdissect/stats"
)

// Feed a capture's records to the taps of tshark's -z arguments, and print
// them as tshark does at the end.
func ExampleSet() {
	follow, _ := stats.Parse("follow,tcp,raw,0")
	conv, _ := stats.Parse("conv,tcp")
	set := stats.NewSet(follow, conv)
	d, err := wsdissect.Open("../testdata/heartbeat-schedule.pcap", wsdissect.Options{KeepFrames: true})
	if err != nil {
		panic(err)
	}
	defer d.Close()
	for rec, err := range d.Records() {
		if err != nil {
			panic(err)
		}
		set.Add(rec)
	}
	os.Stdout.Write(set.AppendText(nil)[:81])
	// Output:
	// ================================================================================
}

// The heartbeats of each WebSocket connection, as typed values.
func ExampleWSConns() {
	tap := stats.NewWSConn(false)
	d, err := wsdissect.Open("../testdata/heartbeat-schedule.pcap", wsdissect.Options{})
	if err != nil {
		panic(err)
	}
	defer d.Close()
	for rec, err := range d.Records() {
		if err != nil {
			panic(err)
		}
		tap.Add(rec, nil)
	}
	for _, c := range tap.List() {
		for _, hb := range c.Heartbeats {
			if hb.Payload != "" {
				fmt.Printf("%s sends %q %d times, answered %q %d times\n", hb.From, hb.Payload, hb.Count, hb.Reply, hb.Replied)
			}
		}
		fmt.Println("closed first by", c.Close.First, "; first FIN from", c.Teardown.FirstFIN)
	}
	// Output:
	// client sends "1" 6 times, answered "2" 6 times
	// closed first by client ; first FIN from server
}
