package tcp

import "github.com/wsdissect/wsdissect/field"

// The fields of Wireshark 4.0's TCP dissector, as tshark -G fields lists
// them (names, types, bases, masks, blurbs), in its order. Each TCP option
// is a protocol registered in name only, listed after them.
var (
	fTCP                                     = field.Field{Name: "Transmission Control Protocol", Abbrev: "tcp", Type: field.Protocol, Short: "TCP"}
	fSrcport                                 = field.Field{Name: "Source Port", Abbrev: "tcp.srcport", Type: field.Uint16, Base: field.BasePortTCP, Parent: "tcp"}
	fDstport                                 = field.Field{Name: "Destination Port", Abbrev: "tcp.dstport", Type: field.Uint16, Base: field.BasePortTCP, Parent: "tcp"}
	fPort                                    = field.Field{Name: "Source or Destination Port", Abbrev: "tcp.port", Type: field.Uint16, Base: field.BasePortTCP, Parent: "tcp"}
	fStream                                  = field.Field{Name: "Stream index", Abbrev: "tcp.stream", Type: field.Uint32, Base: field.BaseDec, Parent: "tcp"}
	fCompleteness                            = field.Field{Name: "Conversation completeness", Abbrev: "tcp.completeness", Type: field.Uint8, Base: field.BaseCustom, Blurb: "The completeness of the conversation capture", Parent: "tcp", Format: formatCompleteness}
	fSeq                                     = field.Field{Name: "Sequence Number", Abbrev: "tcp.seq", Type: field.Uint32, Base: field.BaseDec, Parent: "tcp", Format: formatRelativeSeq}
	fSeqRaw                                  = field.Field{Name: "Sequence Number (raw)", Abbrev: "tcp.seq_raw", Type: field.Uint32, Base: field.BaseDec, Blurb: "This shows the raw value of the sequence number", Parent: "tcp"}
	fNxtseq                                  = field.Field{Name: "Next Sequence Number", Abbrev: "tcp.nxtseq", Type: field.Uint32, Base: field.BaseDec, Parent: "tcp", Format: formatRelativeSeq}
	fAck                                     = field.Field{Name: "Acknowledgment Number", Abbrev: "tcp.ack", Type: field.Uint32, Base: field.BaseDec, Parent: "tcp", Format: formatRelativeAck}
	fAckRaw                                  = field.Field{Name: "Acknowledgment number (raw)", Abbrev: "tcp.ack_raw", Type: field.Uint32, Base: field.BaseDec, Blurb: "This shows the raw value of the acknowledgment number", Parent: "tcp"}
	fHdrLen                                  = field.Field{Name: "Header Length", Abbrev: "tcp.hdr_len", Type: field.Uint8, Base: field.BaseDec, Blurb: "Data offset in 32-bit words", Parent: "tcp", Format: formatHeaderLength}
	fFlags                                   = field.Field{Name: "Flags", Abbrev: "tcp.flags", Type: field.Uint16, Base: field.BaseHex, Mask: 0xfff, Blurb: "Flags (12 bits)", Parent: "tcp", Label: formatFlags}
	fFlagsRes                                = field.Field{Name: "Reserved", Abbrev: "tcp.flags.res", Type: field.Boolean, Bits: 12, Mask: 0xe00, Blurb: "Three reserved bits (must be zero)", Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fFlagsAe                                 = field.Field{Name: "Accurate ECN", Abbrev: "tcp.flags.ae", Type: field.Boolean, Bits: 12, Mask: 0x100, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fFlagsCwr                                = field.Field{Name: "Congestion Window Reduced", Abbrev: "tcp.flags.cwr", Type: field.Boolean, Bits: 12, Mask: 0x80, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fFlagsEce                                = field.Field{Name: "ECN-Echo", Abbrev: "tcp.flags.ece", Type: field.Boolean, Bits: 12, Mask: 0x40, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fFlagsAce                                = field.Field{Name: "ACE", Abbrev: "tcp.flags.ace", Type: field.Uint8, Base: field.BaseDec, Parent: "tcp"}
	fFlagsUrg                                = field.Field{Name: "Urgent", Abbrev: "tcp.flags.urg", Type: field.Boolean, Bits: 12, Mask: 0x20, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fFlagsAck                                = field.Field{Name: "Acknowledgment", Abbrev: "tcp.flags.ack", Type: field.Boolean, Bits: 12, Mask: 0x10, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fFlagsPush                               = field.Field{Name: "Push", Abbrev: "tcp.flags.push", Type: field.Boolean, Bits: 12, Mask: 0x8, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fFlagsReset                              = field.Field{Name: "Reset", Abbrev: "tcp.flags.reset", Type: field.Boolean, Bits: 12, Mask: 0x4, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fFlagsSyn                                = field.Field{Name: "Syn", Abbrev: "tcp.flags.syn", Type: field.Boolean, Bits: 12, Mask: 0x2, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fFlagsFin                                = field.Field{Name: "Fin", Abbrev: "tcp.flags.fin", Type: field.Boolean, Bits: 12, Mask: 0x1, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fFlagsStr                                = field.Field{Name: "TCP Flags", Abbrev: "tcp.flags.str", Type: field.String, Parent: "tcp"}
	fWindowSizeValue                         = field.Field{Name: "Window", Abbrev: "tcp.window_size_value", Type: field.Uint16, Base: field.BaseDec, Blurb: "The window size value from the TCP header", Parent: "tcp"}
	fWindowSize                              = field.Field{Name: "Calculated window size", Abbrev: "tcp.window_size", Type: field.Uint32, Base: field.BaseDec, Blurb: "The scaled window size (if scaling has been used)", Parent: "tcp"}
	fWindowSizeScalefactor                   = field.Field{Name: "Window size scaling factor", Abbrev: "tcp.window_size_scalefactor", Type: field.Int32, Base: field.BaseDec, Blurb: "The window size scaling factor (-1 when unknown, -2 when no scaling is used)", Parent: "tcp"}
	fChecksum                                = field.Field{Name: "Checksum", Abbrev: "tcp.checksum", Type: field.Uint16, Base: field.BaseHex, Blurb: "Details at: https://www.wireshark.org/docs/wsug_html_chunked/ChAdvChecksums.html", Parent: "tcp", Format: formatChecksum}
	fChecksumStatus                          = field.Field{Name: "Checksum Status", Abbrev: "tcp.checksum.status", Type: field.Uint8, Base: field.BaseNone, Values: checksumStatuses, Parent: "tcp"}
	fChecksumCalculated                      = field.Field{Name: "Calculated Checksum", Abbrev: "tcp.checksum_calculated", Type: field.Uint16, Base: field.BaseHex, Blurb: "The expected TCP checksum field as calculated from the TCP segment", Parent: "tcp"}
	fAnalysis                                = field.Field{Name: "SEQ/ACK analysis", Abbrev: "tcp.analysis", Type: field.None, Blurb: "This frame has some of the TCP analysis shown", Parent: "tcp"}
	fAnalysisFlags                           = field.Field{Name: "TCP Analysis Flags", Abbrev: "tcp.analysis.flags", Type: field.None, Blurb: "This frame has some of the TCP analysis flags set", Parent: "tcp"}
	fAnalysisDuplicateAck                    = field.Field{Name: "Duplicate ACK", Abbrev: "tcp.analysis.duplicate_ack", Type: field.None, Blurb: "This is a duplicate ACK", Parent: "tcp"}
	fAnalysisDuplicateAckNum                 = field.Field{Name: "Duplicate ACK #", Abbrev: "tcp.analysis.duplicate_ack_num", Type: field.Uint32, Base: field.BaseDec, Blurb: "This is duplicate ACK number #", Parent: "tcp"}
	fAnalysisDuplicateAckFrame               = field.Field{Name: "Duplicate to the ACK in frame", Abbrev: "tcp.analysis.duplicate_ack_frame", Type: field.FrameNum, Blurb: "This is a duplicate to the ACK in frame #", Parent: "tcp"}
	fContinuationTo                          = field.Field{Name: "This is a continuation to the PDU in frame", Abbrev: "tcp.continuation_to", Type: field.FrameNum, Blurb: "This is a continuation to the PDU in frame #", Parent: "tcp"}
	fLen                                     = field.Field{Name: "TCP Segment Len", Abbrev: "tcp.len", Type: field.Uint32, Base: field.BaseDec, Parent: "tcp"}
	fAnalysisAcksFrame                       = field.Field{Name: "This is an ACK to the segment in frame", Abbrev: "tcp.analysis.acks_frame", Type: field.FrameNum, Blurb: "Which previous segment is this an ACK for", Parent: "tcp"}
	fAnalysisBytesInFlight                   = field.Field{Name: "Bytes in flight", Abbrev: "tcp.analysis.bytes_in_flight", Type: field.Uint32, Base: field.BaseDec, Blurb: "How many bytes are now in flight for this connection", Parent: "tcp"}
	fAnalysisPushBytesSent                   = field.Field{Name: "Bytes sent since last PSH flag", Abbrev: "tcp.analysis.push_bytes_sent", Type: field.Uint32, Base: field.BaseDec, Blurb: "How many bytes have been sent since the last PSH flag", Parent: "tcp"}
	fAnalysisAckRtt                          = field.Field{Name: "The RTT to ACK the segment was", Abbrev: "tcp.analysis.ack_rtt", Type: field.RelativeTime, Blurb: "How long time it took to ACK the segment (RTT)", Parent: "tcp"}
	fAnalysisInitialRtt                      = field.Field{Name: "iRTT", Abbrev: "tcp.analysis.initial_rtt", Type: field.RelativeTime, Blurb: "How long it took for the SYN to ACK handshake (iRTT)", Parent: "tcp"}
	fAnalysisRto                             = field.Field{Name: "The RTO for this segment was", Abbrev: "tcp.analysis.rto", Type: field.RelativeTime, Blurb: "How long transmission was delayed before this segment was retransmitted (RTO)", Parent: "tcp"}
	fAnalysisRtoFrame                        = field.Field{Name: "RTO based on delta from frame", Abbrev: "tcp.analysis.rto_frame", Type: field.FrameNum, Blurb: "This is the frame we measure the RTO from", Parent: "tcp"}
	fUrgentPointer                           = field.Field{Name: "Urgent Pointer", Abbrev: "tcp.urgent_pointer", Type: field.Uint16, Base: field.BaseDec, Parent: "tcp"}
	fSegmentOverlap                          = field.Field{Name: "Segment overlap", Abbrev: "tcp.segment.overlap", Type: field.Boolean, Blurb: "Segment overlaps with other segments", Parent: "tcp"}
	fSegmentOverlapConflict                  = field.Field{Name: "Conflicting data in segment overlap", Abbrev: "tcp.segment.overlap.conflict", Type: field.Boolean, Blurb: "Overlapping segments contained conflicting data", Parent: "tcp"}
	fSegmentMultipletails                    = field.Field{Name: "Multiple tail segments found", Abbrev: "tcp.segment.multipletails", Type: field.Boolean, Blurb: "Several tails were found when reassembling the pdu", Parent: "tcp"}
	fSegmentToolongfragment                  = field.Field{Name: "Segment too long", Abbrev: "tcp.segment.toolongfragment", Type: field.Boolean, Blurb: "Segment contained data past end of the pdu", Parent: "tcp"}
	fSegmentError                            = field.Field{Name: "Reassembling error", Abbrev: "tcp.segment.error", Type: field.FrameNum, Blurb: "Reassembling error due to illegal segments", Parent: "tcp"}
	fSegmentCount                            = field.Field{Name: "Segment count", Abbrev: "tcp.segment.count", Type: field.Uint32, Base: field.BaseDec, Parent: "tcp"}
	fSegment                                 = field.Field{Name: "TCP Segment", Abbrev: "tcp.segment", Type: field.FrameNum, Parent: "tcp"}
	fSegments                                = field.Field{Name: "Reassembled TCP Segments", Abbrev: "tcp.segments", Type: field.None, Blurb: "TCP Segments", Parent: "tcp"}
	fReassembledIn                           = field.Field{Name: "Reassembled PDU in frame", Abbrev: "tcp.reassembled_in", Type: field.FrameNum, Blurb: "The PDU that doesn't end in this segment is reassembled in this frame", Parent: "tcp"}
	fReassembledLength                       = field.Field{Name: "Reassembled TCP length", Abbrev: "tcp.reassembled.length", Type: field.Uint32, Base: field.BaseDec, Blurb: "The total length of the reassembled payload", Parent: "tcp"}
	fReassembledData                         = field.Field{Name: "Reassembled TCP Data", Abbrev: "tcp.reassembled.data", Type: field.Bytes, Blurb: "The reassembled payload", Parent: "tcp"}
	fOptionKind                              = field.Field{Name: "Kind", Abbrev: "tcp.option_kind", Type: field.Uint8, Base: field.BaseDec, Values: optionKinds, Blurb: "This TCP option's kind", Parent: "tcp", ValuesExt: "tcp_option_kind_vs"}
	fOptionLen                               = field.Field{Name: "Length", Abbrev: "tcp.option_len", Type: field.Uint8, Base: field.BaseDec, Blurb: "Length of this TCP option in bytes (including kind and length fields)", Parent: "tcp"}
	fOptions                                 = field.Field{Name: "TCP Options", Abbrev: "tcp.options", Type: field.Bytes, Parent: "tcp"}
	fOptionsMssVal                           = field.Field{Name: "MSS Value", Abbrev: "tcp.options.mss_val", Type: field.Uint16, Base: field.BaseDec, Parent: "tcp"}
	fOptionsWscaleShift                      = field.Field{Name: "Shift count", Abbrev: "tcp.options.wscale.shift", Type: field.Uint8, Base: field.BaseDec, Blurb: "Logarithmically encoded power of 2 scale factor", Parent: "tcp"}
	fOptionsWscaleMultiplier                 = field.Field{Name: "Multiplier", Abbrev: "tcp.options.wscale.multiplier", Type: field.Uint16, Base: field.BaseDec, Blurb: "Multiply segment window size by this for scaled window size", Parent: "tcp"}
	fOptionsExperimentalData                 = field.Field{Name: "Data", Abbrev: "tcp.options.experimental.data", Type: field.Bytes, Parent: "tcp"}
	fOptionsExperimentalExid                 = field.Field{Name: "Experiment Identifier", Abbrev: "tcp.options.experimental.exid", Type: field.Uint16, Base: field.BaseHex, Parent: "tcp", Values: []field.Value{{Value: 172, Name: "TCP ACK Rate Request"}, {Value: 840, Name: "Host ID"}, {Value: 2573, Name: "Autonomous System Compensation"}, {Value: 3232, Name: "Capability Option"}, {Value: 3792, Name: "Extended Data Offset"}, {Value: 17742, Name: "Encryption Negotiation"}, {Value: 21283, Name: "Service Number"}, {Value: 30188, Name: "Timestamp Interval"}, {Value: 44224, Name: "Accurate ECN - Order 0"}, {Value: 44225, Name: "Accurate ECN - Order 1"}, {Value: 44238, Name: "Accurate ECN"}, {Value: 58068, Name: "Shared Memory communications over RMDA protocol"}, {Value: 63881, Name: "Fast Open"}, {Value: 63888, Name: "Low Latency"}}}
	fOptionsUnknownPayload                   = field.Field{Name: "Payload", Abbrev: "tcp.options.unknown.payload", Type: field.Bytes, Parent: "tcp"}
	fOptionsSackLe                           = field.Field{Name: "TCP SACK Left Edge", Abbrev: "tcp.options.sack_le", Type: field.Uint32, Base: field.BaseDec, Parent: "tcp"}
	fOptionsSackRe                           = field.Field{Name: "TCP SACK Right Edge", Abbrev: "tcp.options.sack_re", Type: field.Uint32, Base: field.BaseDec, Parent: "tcp"}
	fOptionsSackCount                        = field.Field{Name: "TCP SACK Count", Abbrev: "tcp.options.sack.count", Type: field.Uint8, Base: field.BaseDec, Parent: "tcp"}
	fOptionsSackDsackLe                      = field.Field{Name: "TCP D-SACK Left Edge", Abbrev: "tcp.options.sack.dsack_le", Type: field.Uint32, Base: field.BaseDec, Blurb: "Duplicate SACK Left Edge", Parent: "tcp"}
	fOptionsSackDsackRe                      = field.Field{Name: "TCP D-SACK Right Edge", Abbrev: "tcp.options.sack.dsack_re", Type: field.Uint32, Base: field.BaseDec, Blurb: "Duplicate SACK Right Edge", Parent: "tcp"}
	fOptionsEchoValue                        = field.Field{Name: "TCP Echo Option", Abbrev: "tcp.options.echo_value", Type: field.Uint32, Base: field.BaseDec, Blurb: "TCP Sack Echo", Parent: "tcp"}
	fOptionsTimestampTsval                   = field.Field{Name: "Timestamp value", Abbrev: "tcp.options.timestamp.tsval", Type: field.Uint32, Base: field.BaseDec, Blurb: "Value of sending machine's timestamp clock", Parent: "tcp"}
	fOptionsTimestampTsecr                   = field.Field{Name: "Timestamp echo reply", Abbrev: "tcp.options.timestamp.tsecr", Type: field.Uint32, Base: field.BaseDec, Blurb: "Echoed timestamp from remote machine", Parent: "tcp"}
	fOptionsMptcpSubtype                     = field.Field{Name: "Multipath TCP subtype", Abbrev: "tcp.options.mptcp.subtype", Type: field.Uint8, Base: field.BaseDec, Mask: 0xf0, Parent: "tcp", Values: []field.Value{{Value: 0, Name: "Multipath Capable"}, {Value: 1, Name: "Join Connection"}, {Value: 2, Name: "Data Sequence Signal"}, {Value: 3, Name: "Add Address"}, {Value: 4, Name: "Remove Address"}, {Value: 5, Name: "Change Subflow Priority"}, {Value: 6, Name: "TCP Fallback"}, {Value: 7, Name: "Fast Close"}, {Value: 8, Name: "TCP Reset"}}}
	fOptionsMptcpVersion                     = field.Field{Name: "Multipath TCP version", Abbrev: "tcp.options.mptcp.version", Type: field.Uint8, Base: field.BaseDec, Mask: 0xf, Parent: "tcp"}
	fOptionsMptcpReserved                    = field.Field{Name: "Reserved", Abbrev: "tcp.options.mptcp.reserved", Type: field.Uint16, Base: field.BaseHex, Mask: 0xfff, Parent: "tcp"}
	fOptionsMptcpFlags                       = field.Field{Name: "Multipath TCP flags", Abbrev: "tcp.options.mptcp.flags", Type: field.Uint8, Base: field.BaseHex, Parent: "tcp"}
	fOptionsMptcpBackupFlag                  = field.Field{Name: "Backup flag", Abbrev: "tcp.options.mptcp.backup.flag", Type: field.Uint8, Base: field.BaseDec, Mask: 0x1, Parent: "tcp"}
	fOptionsMptcpChecksumreqFlags            = field.Field{Name: "Checksum required", Abbrev: "tcp.options.mptcp.checksumreq.flags", Type: field.Uint8, Base: field.BaseDec, Mask: 0x80, Parent: "tcp"}
	fOptionsMptcpExtensibilityFlag           = field.Field{Name: "Extensibility", Abbrev: "tcp.options.mptcp.extensibility.flag", Type: field.Uint8, Base: field.BaseDec, Mask: 0x40, Parent: "tcp"}
	fOptionsMptcpNomoresubflowsFlag          = field.Field{Name: "Do not attempt to establish new subflows to this address and port", Abbrev: "tcp.options.mptcp.nomoresubflows.flag", Type: field.Uint8, Base: field.BaseDec, Mask: 0x20, Parent: "tcp"}
	fOptionsMptcpSha1Flag                    = field.Field{Name: "Use HMAC-SHA1", Abbrev: "tcp.options.mptcp.sha1.flag", Type: field.Uint8, Base: field.BaseDec, Mask: 0x1, Parent: "tcp"}
	fOptionsMptcpSha256Flag                  = field.Field{Name: "Use HMAC-SHA256", Abbrev: "tcp.options.mptcp.sha256.flag", Type: field.Uint8, Base: field.BaseDec, Mask: 0x1, Parent: "tcp"}
	fOptionsMptcpDatafinFlag                 = field.Field{Name: "DATA_FIN", Abbrev: "tcp.options.mptcp.datafin.flag", Type: field.Uint8, Base: field.BaseDec, Mask: 0x10, Parent: "tcp"}
	fOptionsMptcpDseqn8Flag                  = field.Field{Name: "Data Sequence Number is 8 octets", Abbrev: "tcp.options.mptcp.dseqn8.flag", Type: field.Uint8, Base: field.BaseDec, Mask: 0x8, Parent: "tcp"}
	fOptionsMptcpDseqnpresentFlag            = field.Field{Name: "Data Sequence Number, Subflow Sequence Number, Data-level Length, Checksum present", Abbrev: "tcp.options.mptcp.dseqnpresent.flag", Type: field.Uint8, Base: field.BaseDec, Mask: 0x4, Parent: "tcp"}
	fOptionsMptcpDataack8Flag                = field.Field{Name: "Data ACK is 8 octets", Abbrev: "tcp.options.mptcp.dataack8.flag", Type: field.Uint8, Base: field.BaseDec, Mask: 0x2, Parent: "tcp"}
	fOptionsMptcpDataackpresentFlag          = field.Field{Name: "Data ACK is present", Abbrev: "tcp.options.mptcp.dataackpresent.flag", Type: field.Uint8, Base: field.BaseDec, Mask: 0x1, Parent: "tcp"}
	fOptionsMptcpReservedFlag                = field.Field{Name: "Reserved", Abbrev: "tcp.options.mptcp.reserved.flag", Type: field.Uint8, Base: field.BaseHex, Mask: 0x3e, Parent: "tcp"}
	fOptionsMptcpFlagUFlag                   = field.Field{Name: "Flag U", Abbrev: "tcp.options.mptcp.flag_U.flag", Type: field.Boolean, Bits: 4, Mask: 0x8, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fOptionsMptcpFlagVFlag                   = field.Field{Name: "Flag V", Abbrev: "tcp.options.mptcp.flag_V.flag", Type: field.Boolean, Bits: 4, Mask: 0x4, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fOptionsMptcpFlagWFlag                   = field.Field{Name: "Flag W", Abbrev: "tcp.options.mptcp.flag_W.flag", Type: field.Boolean, Bits: 4, Mask: 0x2, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fOptionsMptcpFlagTFlag                   = field.Field{Name: "Transient", Abbrev: "tcp.options.mptcp.flag_T.flag", Type: field.Boolean, Bits: 4, Mask: 0x1, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fOptionsMptcpRstReason                   = field.Field{Name: "TCPRST Reason", Abbrev: "tcp.options.mptcp.rst_reason", Type: field.Uint8, Base: field.BaseHex, Blurb: "Multipath TCPRST Reason Code", Parent: "tcp", Values: []field.Value{{Value: 0, Name: "Unspecified error"}, {Value: 1, Name: "MPTCP-specific error"}, {Value: 2, Name: "Lack of resources"}, {Value: 3, Name: "Administratively prohibited"}, {Value: 4, Name: "Too much outstanding data"}, {Value: 5, Name: "Unacceptable performance"}, {Value: 6, Name: "Middlebox interference"}}}
	fOptionsMptcpAddrid                      = field.Field{Name: "Address ID", Abbrev: "tcp.options.mptcp.addrid", Type: field.Uint8, Base: field.BaseDec, Parent: "tcp"}
	fOptionsMptcpSendkey                     = field.Field{Name: "Sender's Key", Abbrev: "tcp.options.mptcp.sendkey", Type: field.Uint64, Base: field.BaseDec, Parent: "tcp"}
	fOptionsMptcpRecvkey                     = field.Field{Name: "Receiver's Key", Abbrev: "tcp.options.mptcp.recvkey", Type: field.Uint64, Base: field.BaseDec, Parent: "tcp"}
	fOptionsMptcpRecvtok                     = field.Field{Name: "Receiver's Token", Abbrev: "tcp.options.mptcp.recvtok", Type: field.Uint32, Base: field.BaseDec, Parent: "tcp"}
	fOptionsMptcpSendrand                    = field.Field{Name: "Sender's Random Number", Abbrev: "tcp.options.mptcp.sendrand", Type: field.Uint32, Base: field.BaseDec, Parent: "tcp"}
	fOptionsMptcpSendtrunchmac               = field.Field{Name: "Sender's Truncated HMAC", Abbrev: "tcp.options.mptcp.sendtrunchmac", Type: field.Uint64, Base: field.BaseDec, Parent: "tcp"}
	fOptionsMptcpSendhmac                    = field.Field{Name: "Sender's HMAC", Abbrev: "tcp.options.mptcp.sendhmac", Type: field.Bytes, Parent: "tcp"}
	fOptionsMptcpAddaddrtrunchmac            = field.Field{Name: "Truncated HMAC", Abbrev: "tcp.options.mptcp.addaddrtrunchmac", Type: field.Uint64, Base: field.BaseDec, Parent: "tcp"}
	fOptionsMptcpRawdataack                  = field.Field{Name: "Original MPTCP Data ACK", Abbrev: "tcp.options.mptcp.rawdataack", Type: field.Uint64, Base: field.BaseDec, Parent: "tcp"}
	fOptionsMptcpRawdataseqno                = field.Field{Name: "Data Sequence Number", Abbrev: "tcp.options.mptcp.rawdataseqno", Type: field.Uint64, Base: field.BaseDec, Parent: "tcp"}
	fOptionsMptcpSubflowseqno                = field.Field{Name: "Subflow Sequence Number", Abbrev: "tcp.options.mptcp.subflowseqno", Type: field.Uint32, Base: field.BaseDec, Parent: "tcp"}
	fOptionsMptcpDatalvllen                  = field.Field{Name: "Data-level Length", Abbrev: "tcp.options.mptcp.datalvllen", Type: field.Uint16, Base: field.BaseDec, Parent: "tcp"}
	fOptionsMptcpChecksum                    = field.Field{Name: "Checksum", Abbrev: "tcp.options.mptcp.checksum", Type: field.Uint16, Base: field.BaseHex, Parent: "tcp"}
	fOptionsMptcpIpver                       = field.Field{Name: "IP version", Abbrev: "tcp.options.mptcp.ipver", Type: field.Uint8, Base: field.BaseDec, Mask: 0xf, Parent: "tcp"}
	fOptionsMptcpEcho                        = field.Field{Name: "Echo", Abbrev: "tcp.options.mptcp.echo", Type: field.Uint8, Base: field.BaseDec, Mask: 0x1, Parent: "tcp"}
	fOptionsMptcpIpv4                        = field.Field{Name: "Advertised IPv4 Address", Abbrev: "tcp.options.mptcp.ipv4", Type: field.IPv4, Parent: "tcp"}
	fOptionsMptcpIpv6                        = field.Field{Name: "Advertised IPv6 Address", Abbrev: "tcp.options.mptcp.ipv6", Type: field.IPv6, Parent: "tcp"}
	fOptionsMptcpPort                        = field.Field{Name: "Advertised port", Abbrev: "tcp.options.mptcp.port", Type: field.Uint16, Base: field.BaseDec, Parent: "tcp"}
	fOptionsCcValue                          = field.Field{Name: "TCP CC Option", Abbrev: "tcp.options.cc_value", Type: field.Uint32, Base: field.BaseDec, Parent: "tcp"}
	fOptionsMd5Digest                        = field.Field{Name: "MD5 digest", Abbrev: "tcp.options.md5.digest", Type: field.Bytes, Parent: "tcp"}
	fOptionsAoKeyid                          = field.Field{Name: "AO KeyID", Abbrev: "tcp.options.ao.keyid", Type: field.Uint8, Base: field.BaseDec, Parent: "tcp"}
	fOptionsAoRnextkeyid                     = field.Field{Name: "AO RNextKeyID", Abbrev: "tcp.options.ao.rnextkeyid", Type: field.Uint8, Base: field.BaseDec, Parent: "tcp"}
	fOptionsAoMac                            = field.Field{Name: "AO MAC", Abbrev: "tcp.options.ao.mac", Type: field.Bytes, Parent: "tcp"}
	fOptionsQsRate                           = field.Field{Name: "QS Rate", Abbrev: "tcp.options.qs.rate", Type: field.Uint8, Base: field.BaseDec, Mask: 0xf, Parent: "tcp", ValuesExt: "qs_rate_vals", Values: []field.Value{{Value: 0, Name: "0 bit/s"}, {Value: 1, Name: "80 Kbit/s"}, {Value: 2, Name: "160 Kbit/s"}, {Value: 3, Name: "320 Kbit/s"}, {Value: 4, Name: "640 Kbit/s"}, {Value: 5, Name: "1.28 Mbit/s"}, {Value: 6, Name: "2.56 Mbit/s"}, {Value: 7, Name: "5.12 Mbit/s"}, {Value: 8, Name: "10.24 Mbit/s"}, {Value: 9, Name: "20.48 Mbit/s"}, {Value: 10, Name: "40.96 Mbit/s"}, {Value: 11, Name: "81.92 Mbit/s"}, {Value: 12, Name: "163.84 Mbit/s"}, {Value: 13, Name: "327.68 Mbit/s"}, {Value: 14, Name: "655.36 Mbit/s"}, {Value: 15, Name: "1.31072 Gbit/s"}}}
	fOptionsQsTtlDiff                        = field.Field{Name: "QS Rate", Abbrev: "tcp.options.qs.ttl_diff", Type: field.Uint8, Base: field.BaseDec, Parent: "tcp"}
	fOptionsTarrRate                         = field.Field{Name: "TARR Rate", Abbrev: "tcp.options.tarr.rate", Type: field.Uint8, Base: field.BaseDec, Mask: 0xfe, Parent: "tcp"}
	fOptionsTarReserved                      = field.Field{Name: "TARR Reserved", Abbrev: "tcp.options.tar.reserved", Type: field.Uint8, Base: field.BaseDec, Mask: 0x1, Parent: "tcp"}
	fOptionsAccEcnEe0b                       = field.Field{Name: "Accurate ECN Echo ECT(0) Byte Counter", Abbrev: "tcp.options.acc_ecn.ee0b", Type: field.Uint24, Base: field.BaseDec, Parent: "tcp"}
	fOptionsAccEcnEceb                       = field.Field{Name: "Accurate ECN Echo CE Byte Counter", Abbrev: "tcp.options.acc_ecn.eceb", Type: field.Uint24, Base: field.BaseDec, Parent: "tcp"}
	fOptionsAccEcnEe1b                       = field.Field{Name: "Accurate ECN Echo ECT(1) Byte Counter", Abbrev: "tcp.options.acc_ecn.ee1b", Type: field.Uint24, Base: field.BaseDec, Parent: "tcp"}
	fOptionsScpsVector                       = field.Field{Name: "TCP SCPS Capabilities Vector", Abbrev: "tcp.options.scps.vector", Type: field.Uint8, Base: field.BaseHex, Parent: "tcp"}
	fOptionsScpsBindingId                    = field.Field{Name: "Binding Space (Community) ID", Abbrev: "tcp.options.scps.binding.id", Type: field.Uint8, Base: field.BaseDec, Blurb: "TCP SCPS Extended Binding Space (Community) ID", Parent: "tcp"}
	fOptionsScpsBindingLen                   = field.Field{Name: "Extended Capability Length", Abbrev: "tcp.options.scps.binding.len", Type: field.Uint8, Base: field.BaseDec, Blurb: "TCP SCPS Extended Capability Length in bytes", Parent: "tcp"}
	fOptionsSnackOffset                      = field.Field{Name: "TCP SNACK Offset", Abbrev: "tcp.options.snack.offset", Type: field.Uint16, Base: field.BaseDec, Parent: "tcp"}
	fOptionsSnackSize                        = field.Field{Name: "TCP SNACK Size", Abbrev: "tcp.options.snack.size", Type: field.Uint16, Base: field.BaseDec, Parent: "tcp"}
	fOptionsSnackLe                          = field.Field{Name: "TCP SNACK Left Edge", Abbrev: "tcp.options.snack.le", Type: field.Uint16, Base: field.BaseDec, Parent: "tcp"}
	fOptionsSnackRe                          = field.Field{Name: "TCP SNACK Right Edge", Abbrev: "tcp.options.snack.re", Type: field.Uint16, Base: field.BaseDec, Parent: "tcp"}
	fOptionsScpsflagsBets                    = field.Field{Name: "Partial Reliability Capable (BETS)", Abbrev: "tcp.options.scpsflags.bets", Type: field.Boolean, Bits: 8, Mask: 0x80, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fOptionsScpsflagsSnack1                  = field.Field{Name: "Short Form SNACK Capable (SNACK1)", Abbrev: "tcp.options.scpsflags.snack1", Type: field.Boolean, Bits: 8, Mask: 0x40, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fOptionsScpsflagsSnack2                  = field.Field{Name: "Long Form SNACK Capable (SNACK2)", Abbrev: "tcp.options.scpsflags.snack2", Type: field.Boolean, Bits: 8, Mask: 0x20, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fOptionsScpsflagsCompress                = field.Field{Name: "Lossless Header Compression (COMP)", Abbrev: "tcp.options.scpsflags.compress", Type: field.Boolean, Bits: 8, Mask: 0x10, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fOptionsScpsflagsNlts                    = field.Field{Name: "Network Layer Timestamp (NLTS)", Abbrev: "tcp.options.scpsflags.nlts", Type: field.Boolean, Bits: 8, Mask: 0x8, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fOptionsScpsflagsReserved                = field.Field{Name: "Reserved", Abbrev: "tcp.options.scpsflags.reserved", Type: field.Uint8, Base: field.BaseDec, Mask: 0x7, Parent: "tcp"}
	fOptionsScpsBinding                      = field.Field{Name: "Connection ID", Abbrev: "tcp.options.scps.binding", Type: field.Uint8, Base: field.BaseDec, Blurb: "TCP SCPS Connection ID", Parent: "tcp"}
	fOptionsUserToGranularity                = field.Field{Name: "Granularity", Abbrev: "tcp.options.user_to_granularity", Type: field.Boolean, Bits: 16, Mask: 0x8000, Blurb: "TCP User Timeout Granularity", Parent: "tcp", TF: &field.TrueFalse{True: "Minutes", False: "Seconds"}}
	fOptionsUserToVal                        = field.Field{Name: "User Timeout", Abbrev: "tcp.options.user_to_val", Type: field.Uint16, Base: field.BaseDec, Mask: 0x7fff, Blurb: "TCP User Timeout Value", Parent: "tcp"}
	fOptionsRvbdProbeType1                   = field.Field{Name: "Type", Abbrev: "tcp.options.rvbd.probe.type1", Type: field.Uint8, Base: field.BaseDec, Mask: 0xf0, Parent: "tcp"}
	fOptionsRvbdProbeType2                   = field.Field{Name: "Type", Abbrev: "tcp.options.rvbd.probe.type2", Type: field.Uint8, Base: field.BaseDec, Mask: 0xfe, Parent: "tcp"}
	fOptionsRvbdProbeVersion                 = field.Field{Name: "Version", Abbrev: "tcp.options.rvbd.probe.version", Type: field.Uint8, Base: field.BaseDec, Mask: 0xf, Parent: "tcp"}
	fOptionsRvbdProbeVersionRaw              = field.Field{Name: "Version", Abbrev: "tcp.options.rvbd.probe.version_raw", Type: field.Uint8, Base: field.BaseDec, Mask: 0x1, Blurb: "Version 2 Raw Value", Parent: "tcp"}
	fOptionsRvbdProbeProber                  = field.Field{Name: "CSH IP", Abbrev: "tcp.options.rvbd.probe.prober", Type: field.IPv4, Parent: "tcp"}
	fOptionsRvbdProbeProxyIp                 = field.Field{Name: "SSH IP", Abbrev: "tcp.options.rvbd.probe.proxy.ip", Type: field.IPv4, Parent: "tcp"}
	fOptionsRvbdProbeProxyPort               = field.Field{Name: "SSH Port", Abbrev: "tcp.options.rvbd.probe.proxy.port", Type: field.Uint16, Base: field.BaseDec, Parent: "tcp"}
	fOptionsRvbdProbeAppliVer                = field.Field{Name: "Application Version", Abbrev: "tcp.options.rvbd.probe.appli_ver", Type: field.Uint16, Base: field.BaseDec, Parent: "tcp"}
	fOptionsRvbdProbeClientIp                = field.Field{Name: "Client IP", Abbrev: "tcp.options.rvbd.probe.client.ip", Type: field.IPv4, Parent: "tcp"}
	fOptionsRvbdProbeStoreid                 = field.Field{Name: "CFE Store ID", Abbrev: "tcp.options.rvbd.probe.storeid", Type: field.Uint32, Base: field.BaseDec, Parent: "tcp"}
	fOptionsRvbdProbeFlags                   = field.Field{Name: "Probe Flags", Abbrev: "tcp.options.rvbd.probe.flags", Type: field.Uint8, Base: field.BaseHex, Parent: "tcp"}
	fOptionsRvbdProbeFlagsNotcfe             = field.Field{Name: "Not CFE", Abbrev: "tcp.options.rvbd.probe.flags.notcfe", Type: field.Boolean, Bits: 8, Mask: 0x4, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fOptionsRvbdProbeFlagsLast               = field.Field{Name: "Last Notify", Abbrev: "tcp.options.rvbd.probe.flags.last", Type: field.Boolean, Bits: 8, Mask: 0x1, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fOptionsRvbdProbeFlagsProbe              = field.Field{Name: "Disable Probe Cache on CSH", Abbrev: "tcp.options.rvbd.probe.flags.probe", Type: field.Boolean, Bits: 8, Mask: 0x10, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fOptionsRvbdProbeFlagsSsl                = field.Field{Name: "SSL Enabled", Abbrev: "tcp.options.rvbd.probe.flags.ssl", Type: field.Boolean, Bits: 8, Mask: 0x2, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fOptionsRvbdProbeFlagsServer             = field.Field{Name: "SSH outer to server established", Abbrev: "tcp.options.rvbd.probe.flags.server", Type: field.Boolean, Bits: 8, Mask: 0x1, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fOptionsRvbdTrpyFlags                    = field.Field{Name: "Transparency Options", Abbrev: "tcp.options.rvbd.trpy.flags", Type: field.Uint16, Base: field.BaseHex, Parent: "tcp"}
	fOptionsRvbdTrpyFlagsFwRstProbe          = field.Field{Name: "Enable FW traversal feature", Abbrev: "tcp.options.rvbd.trpy.flags.fw_rst_probe", Type: field.Boolean, Bits: 16, Mask: 0x400, Blurb: "Reset state created by probe on the nexthop firewall", Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fOptionsRvbdTrpyFlagsFwRstInner          = field.Field{Name: "Enable Inner FW feature on All FWs", Abbrev: "tcp.options.rvbd.trpy.flags.fw_rst_inner", Type: field.Boolean, Bits: 16, Mask: 0x200, Blurb: "Reset state created by transparent inner on all firewalls before passing connection through", Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fOptionsRvbdTrpyFlagsFwRst               = field.Field{Name: "Enable Transparency FW feature on All FWs", Abbrev: "tcp.options.rvbd.trpy.flags.fw_rst", Type: field.Boolean, Bits: 16, Mask: 0x100, Blurb: "Reset state created by probe on all firewalls before establishing transparent inner connection", Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fOptionsRvbdTrpyFlagsChksum              = field.Field{Name: "Reserved", Abbrev: "tcp.options.rvbd.trpy.flags.chksum", Type: field.Boolean, Bits: 16, Mask: 0x4, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fOptionsRvbdTrpyFlagsOob                 = field.Field{Name: "Out of band connection", Abbrev: "tcp.options.rvbd.trpy.flags.oob", Type: field.Boolean, Bits: 16, Mask: 0x2, Parent: "tcp", TF: &field.TrueFalse{True: "Set", False: "Not set"}}
	fOptionsRvbdTrpyFlagsMode                = field.Field{Name: "Transparency Mode", Abbrev: "tcp.options.rvbd.trpy.flags.mode", Type: field.Boolean, Bits: 16, Mask: 0x1, Parent: "tcp", TF: &field.TrueFalse{True: "Port Transparency", False: "Full Transparency"}}
	fOptionsRvbdTrpySrcIp                    = field.Field{Name: "Src SH IP Addr", Abbrev: "tcp.options.rvbd.trpy.src.ip", Type: field.IPv4, Parent: "tcp"}
	fOptionsRvbdTrpyDstIp                    = field.Field{Name: "Dst SH IP Addr", Abbrev: "tcp.options.rvbd.trpy.dst.ip", Type: field.IPv4, Parent: "tcp"}
	fOptionsRvbdTrpySrcPort                  = field.Field{Name: "Src SH Inner Port", Abbrev: "tcp.options.rvbd.trpy.src.port", Type: field.Uint16, Base: field.BaseDec, Parent: "tcp"}
	fOptionsRvbdTrpyDstPort                  = field.Field{Name: "Dst SH Inner Port", Abbrev: "tcp.options.rvbd.trpy.dst.port", Type: field.Uint16, Base: field.BaseDec, Parent: "tcp"}
	fOptionsRvbdTrpyClientPort               = field.Field{Name: "Out of band connection Client Port", Abbrev: "tcp.options.rvbd.trpy.client.port", Type: field.Uint16, Base: field.BaseDec, Parent: "tcp"}
	fOptionsTfoRequest                       = field.Field{Name: "Fast Open Cookie Request", Abbrev: "tcp.options.tfo.request", Type: field.None, Parent: "tcp"}
	fOptionsTfoCookie                        = field.Field{Name: "Fast Open Cookie", Abbrev: "tcp.options.tfo.cookie", Type: field.Bytes, Parent: "tcp"}
	fPduTime                                 = field.Field{Name: "Time until the last segment of this PDU", Abbrev: "tcp.pdu.time", Type: field.RelativeTime, Blurb: "How long time has passed until the last frame of this PDU", Parent: "tcp"}
	fPduSize                                 = field.Field{Name: "PDU Size", Abbrev: "tcp.pdu.size", Type: field.Uint32, Base: field.BaseDec, Blurb: "The size of this PDU", Parent: "tcp"}
	fPduLastFrame                            = field.Field{Name: "Last frame of this PDU", Abbrev: "tcp.pdu.last_frame", Type: field.FrameNum, Blurb: "This is the last frame of the PDU starting in this segment", Parent: "tcp"}
	fTimeRelative                            = field.Field{Name: "Time since first frame in this TCP stream", Abbrev: "tcp.time_relative", Type: field.RelativeTime, Blurb: "Time relative to first frame in this TCP stream", Parent: "tcp"}
	fTimeDelta                               = field.Field{Name: "Time since previous frame in this TCP stream", Abbrev: "tcp.time_delta", Type: field.RelativeTime, Blurb: "Time delta from previous frame in this TCP stream", Parent: "tcp"}
	fProcSrcuid                              = field.Field{Name: "Source process user ID", Abbrev: "tcp.proc.srcuid", Type: field.Uint32, Base: field.BaseDec, Parent: "tcp"}
	fProcSrcpid                              = field.Field{Name: "Source process ID", Abbrev: "tcp.proc.srcpid", Type: field.Uint32, Base: field.BaseDec, Parent: "tcp"}
	fProcSrcuname                            = field.Field{Name: "Source process user name", Abbrev: "tcp.proc.srcuname", Type: field.String, Parent: "tcp"}
	fProcSrccmd                              = field.Field{Name: "Source process name", Abbrev: "tcp.proc.srccmd", Type: field.String, Blurb: "Source process command name", Parent: "tcp"}
	fProcDstuid                              = field.Field{Name: "Destination process user ID", Abbrev: "tcp.proc.dstuid", Type: field.Uint32, Base: field.BaseDec, Parent: "tcp"}
	fProcDstpid                              = field.Field{Name: "Destination process ID", Abbrev: "tcp.proc.dstpid", Type: field.Uint32, Base: field.BaseDec, Parent: "tcp"}
	fProcDstuname                            = field.Field{Name: "Destination process user name", Abbrev: "tcp.proc.dstuname", Type: field.String, Parent: "tcp"}
	fProcDstcmd                              = field.Field{Name: "Destination process name", Abbrev: "tcp.proc.dstcmd", Type: field.String, Blurb: "Destination process command name", Parent: "tcp"}
	fSegmentData                             = field.Field{Name: "TCP segment data", Abbrev: "tcp.segment_data", Type: field.Bytes, Blurb: "A data segment used in reassembly of a lower-level protocol", Parent: "tcp"}
	fPayload                                 = field.Field{Name: "TCP payload", Abbrev: "tcp.payload", Type: field.Bytes, Blurb: "The TCP payload of this packet", Parent: "tcp"}
	fOptionsScpsBindingData                  = field.Field{Name: "Binding Space Data", Abbrev: "tcp.options.scps.binding.data", Type: field.Bytes, Parent: "tcp"}
	fOptionsRvbdProbeReserved                = field.Field{Name: "Reserved", Abbrev: "tcp.options.rvbd.probe.reserved", Type: field.Uint8, Base: field.BaseHex, Parent: "tcp"}
	fFinRetransmission                       = field.Field{Name: "Retransmission of FIN from frame", Abbrev: "tcp.fin_retransmission", Type: field.FrameNum, Parent: "tcp"}
	fResetCause                              = field.Field{Name: "Reset cause", Abbrev: "tcp.reset_cause", Type: field.String, Parent: "tcp"}
	fSyncookieTime                           = field.Field{Name: "SYN Cookie Time", Abbrev: "tcp.syncookie.time", Type: field.Uint8, Base: field.BaseDec, Parent: "tcp"}
	fSyncookieMss                            = field.Field{Name: "SYN Cookie Maximum Segment Size", Abbrev: "tcp.syncookie.mss", Type: field.Uint8, Base: field.BaseDec, Parent: "tcp"}
	fSyncookieHash                           = field.Field{Name: "SYN Cookie hash", Abbrev: "tcp.syncookie.hash", Type: field.Uint24, Base: field.BaseHex, Parent: "tcp"}
	fOptionsTimestampTsvalSyncookieTimestamp = field.Field{Name: "SYN Cookie Timestamp", Abbrev: "tcp.options.timestamp.tsval.syncookie.timestamp", Type: field.Uint32, Base: field.BaseDec, Parent: "tcp"}
	fOptionsTimestampTsvalSyncookieEcn       = field.Field{Name: "SYN Cookie ECN", Abbrev: "tcp.options.timestamp.tsval.syncookie.ecn", Type: field.Boolean, Parent: "tcp"}
	fOptionsTimestampTsvalSyncookieSack      = field.Field{Name: "SYN Cookie SACK", Abbrev: "tcp.options.timestamp.tsval.syncookie.sack", Type: field.Boolean, Parent: "tcp"}
	fOptionsTimestampTsvalSyncookieWscale    = field.Field{Name: "SYN Cookie WScale", Abbrev: "tcp.options.timestamp.tsval.syncookie.wscale", Type: field.Uint8, Base: field.BaseDec, Parent: "tcp"}
	fOptionLenInvalid                        = field.Field{Name: "Invalid length for option", Abbrev: "tcp.option.len.invalid", Type: field.None, Parent: "tcp"}
	fAnalysisRetransmission                  = field.Field{Name: "This frame is a (suspected) retransmission", Abbrev: "tcp.analysis.retransmission", Type: field.None, Parent: "tcp"}
	fAnalysisFastRetransmission              = field.Field{Name: "This frame is a (suspected) fast retransmission", Abbrev: "tcp.analysis.fast_retransmission", Type: field.None, Parent: "tcp"}
	fAnalysisSpuriousRetransmission          = field.Field{Name: "This frame is a (suspected) spurious retransmission", Abbrev: "tcp.analysis.spurious_retransmission", Type: field.None, Parent: "tcp"}
	fAnalysisOutOfOrder                      = field.Field{Name: "This frame is a (suspected) out-of-order segment", Abbrev: "tcp.analysis.out_of_order", Type: field.None, Parent: "tcp"}
	fAnalysisReusedPorts                     = field.Field{Name: "A new tcp session is started with the same ports as an earlier session in this trace", Abbrev: "tcp.analysis.reused_ports", Type: field.None, Parent: "tcp"}
	fAnalysisLostSegment                     = field.Field{Name: "Previous segment(s) not captured (common at capture start)", Abbrev: "tcp.analysis.lost_segment", Type: field.None, Parent: "tcp"}
	fAnalysisAckLostSegment                  = field.Field{Name: "ACKed segment that wasn't captured (common at capture start)", Abbrev: "tcp.analysis.ack_lost_segment", Type: field.None, Parent: "tcp"}
	fAnalysisWindowUpdate                    = field.Field{Name: "TCP window update", Abbrev: "tcp.analysis.window_update", Type: field.None, Parent: "tcp"}
	fAnalysisWindowFull                      = field.Field{Name: "TCP window specified by the receiver is now completely full", Abbrev: "tcp.analysis.window_full", Type: field.None, Parent: "tcp"}
	fAnalysisKeepAlive                       = field.Field{Name: "TCP keep-alive segment", Abbrev: "tcp.analysis.keep_alive", Type: field.None, Parent: "tcp"}
	fAnalysisKeepAliveAck                    = field.Field{Name: "ACK to a TCP keep-alive segment", Abbrev: "tcp.analysis.keep_alive_ack", Type: field.None, Parent: "tcp"}
	fAnalysisZeroWindowProbe                 = field.Field{Name: "TCP Zero Window Probe", Abbrev: "tcp.analysis.zero_window_probe", Type: field.None, Parent: "tcp"}
	fAnalysisZeroWindow                      = field.Field{Name: "TCP Zero Window segment", Abbrev: "tcp.analysis.zero_window", Type: field.None, Parent: "tcp"}
	fAnalysisZeroWindowProbeAck              = field.Field{Name: "ACK to a TCP Zero Window Probe", Abbrev: "tcp.analysis.zero_window_probe_ack", Type: field.None, Parent: "tcp"}
	fAnalysisTfoSyn                          = field.Field{Name: "TCP SYN with TFO Cookie", Abbrev: "tcp.analysis.tfo_syn", Type: field.None, Parent: "tcp"}
	fAnalysisTfoAck                          = field.Field{Name: "TCP SYN-ACK accepting TFO data", Abbrev: "tcp.analysis.tfo_ack", Type: field.None, Parent: "tcp"}
	fAnalysisTfoIgnored                      = field.Field{Name: "TCP SYN-ACK ignoring TFO data", Abbrev: "tcp.analysis.tfo_ignored", Type: field.None, Parent: "tcp"}
	fConnectionFinActive                     = field.Field{Name: "This frame initiates the connection closing", Abbrev: "tcp.connection.fin_active", Type: field.None, Parent: "tcp"}
	fConnectionFinPassive                    = field.Field{Name: "This frame undergoes the connection closing", Abbrev: "tcp.connection.fin_passive", Type: field.None, Parent: "tcp"}
	fOptionsSackDsack                        = field.Field{Name: "D-SACK Sequence", Abbrev: "tcp.options.sack.dsack", Type: field.None, Parent: "tcp"}
	fOptionsSnackSequence                    = field.Field{Name: "SNACK Sequence", Abbrev: "tcp.options.snack.sequence", Type: field.None, Parent: "tcp"}
	fOptionsWscaleShiftInvalid               = field.Field{Name: "Window scale shift exceeds 14", Abbrev: "tcp.options.wscale.shift.invalid", Type: field.None, Parent: "tcp"}
	fOptionsMssAbsent                        = field.Field{Name: "The SYN packet does not contain a MSS option", Abbrev: "tcp.options.mss.absent", Type: field.None, Parent: "tcp"}
	fOptionsMssPresent                       = field.Field{Name: "The non-SYN packet does contain a MSS option", Abbrev: "tcp.options.mss.present", Type: field.None, Parent: "tcp"}
	fShortSegment                            = field.Field{Name: "Short segment", Abbrev: "tcp.short_segment", Type: field.None, Parent: "tcp"}
	fAckNonzero                              = field.Field{Name: "The acknowledgment number field is nonzero while the ACK flag is not set", Abbrev: "tcp.ack.nonzero", Type: field.None, Parent: "tcp"}
	fConnectionSynack                        = field.Field{Name: "Connection establish acknowledge (SYN+ACK)", Abbrev: "tcp.connection.synack", Type: field.None, Parent: "tcp"}
	fConnectionSyn                           = field.Field{Name: "Connection establish request (SYN)", Abbrev: "tcp.connection.syn", Type: field.None, Parent: "tcp"}
	fConnectionFin                           = field.Field{Name: "Connection finish (FIN)", Abbrev: "tcp.connection.fin", Type: field.None, Parent: "tcp"}
	fConnectionRst                           = field.Field{Name: "Connection reset (RST)", Abbrev: "tcp.connection.rst", Type: field.None, Parent: "tcp"}
	fChecksumFfff                            = field.Field{Name: "TCP Checksum 0xffff instead of 0x0000 (see RFC 1624)", Abbrev: "tcp.checksum.ffff", Type: field.None, Parent: "tcp"}
	fChecksumBadExpert                       = field.Field{Name: "Bad checksum", Abbrev: "tcp.checksum_bad.expert", Type: field.None, Parent: "tcp"}
	fUrgentPointerNonZero                    = field.Field{Name: "The urgent pointer field is nonzero while the URG flag is not set", Abbrev: "tcp.urgent_pointer.non_zero", Type: field.None, Parent: "tcp"}
	fSuboptionMalformed                      = field.Field{Name: "suboption would go past end of option", Abbrev: "tcp.suboption_malformed", Type: field.None, Parent: "tcp"}
	fNop                                     = field.Field{Name: "4 NOP in a row - a router may have removed some options", Abbrev: "tcp.nop", Type: field.None, Parent: "tcp"}
	fNonZeroBytesAfterEol                    = field.Field{Name: "Non zero bytes in option space after EOL option", Abbrev: "tcp.non_zero_bytes_after_eol", Type: field.None, Parent: "tcp"}
	fBogusHeaderLength                       = field.Field{Name: "Bogus TCP Header length", Abbrev: "tcp.bogus_header_length", Type: field.None, Parent: "tcp"}
	fMptcpConnectionEchoedKeyMismatch        = field.Field{Name: "The echoed key in the ACK of the MPTCP handshake does not match the key of the SYN/ACK", Abbrev: "mptcp.connection.echoed_key_mismatch", Type: field.None, Parent: "tcp"}
	fMptcpConnectionMissingAlgorithm         = field.Field{Name: "No crypto algorithm specified", Abbrev: "mptcp.connection.missing_algorithm", Type: field.None, Parent: "tcp"}
	fMptcpConnectionUnsupportedAlgorithm     = field.Field{Name: "Unsupported algorithm", Abbrev: "mptcp.connection.unsupported_algorithm", Type: field.None, Parent: "tcp"}
	fMptcpDssInfiniteMapping                 = field.Field{Name: "Fallback to infinite mapping", Abbrev: "mptcp.dss.infinite_mapping", Type: field.None, Parent: "tcp"}
	fMptcpDssMissingMapping                  = field.Field{Name: "No mapping available", Abbrev: "mptcp.dss.missing_mapping", Type: field.None, Parent: "tcp"}
	fOptNop                                  = field.Field{Name: "TCP Option - No-Operation (NOP)", Abbrev: "tcp.options.nop", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "No-Operation (NOP)"}
	fOptEol                                  = field.Field{Name: "TCP Option - End of Option List (EOL)", Abbrev: "tcp.options.eol", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "End of Option List (EOL)"}
	fOptTimestamp                            = field.Field{Name: "TCP Option - Timestamps", Abbrev: "tcp.options.timestamp", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "Timestamps"}
	fOptMss                                  = field.Field{Name: "TCP Option - Maximum segment size", Abbrev: "tcp.options.mss", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "Maximum segment size"}
	fOptWscale                               = field.Field{Name: "TCP Option - Window scale", Abbrev: "tcp.options.wscale", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "Window scale"}
	fOptSackPerm                             = field.Field{Name: "TCP Option - SACK permitted", Abbrev: "tcp.options.sack_perm", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "SACK permitted"}
	fOptSack                                 = field.Field{Name: "TCP Option - SACK", Abbrev: "tcp.options.sack", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "SACK"}
	fOptEcho                                 = field.Field{Name: "TCP Option - Echo", Abbrev: "tcp.options.echo", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "Echo"}
	fOptEchoreply                            = field.Field{Name: "TCP Option - Echo reply", Abbrev: "tcp.options.echoreply", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "Echo reply"}
	fOptCc                                   = field.Field{Name: "TCP Option - CC", Abbrev: "tcp.options.cc", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "CC"}
	fOptCcnew                                = field.Field{Name: "TCP Option - CC.NEW", Abbrev: "tcp.options.ccnew", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "CC.NEW"}
	fOptCcecho                               = field.Field{Name: "TCP Option - CC.ECHO", Abbrev: "tcp.options.ccecho", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "CC.ECHO"}
	fOptAo                                   = field.Field{Name: "TCP Option - TCP AO", Abbrev: "tcp.options.ao", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "TCP AO"}
	fOptMd5                                  = field.Field{Name: "TCP Option - TCP MD5 signature", Abbrev: "tcp.options.md5", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "TCP MD5 signature"}
	fOptScps                                 = field.Field{Name: "TCP Option - SCPS capabilities", Abbrev: "tcp.options.scps", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "SCPS capabilities"}
	fOptSnack                                = field.Field{Name: "TCP Option - Selective Negative Acknowledgment", Abbrev: "tcp.options.snack", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "Selective Negative Acknowledgment"}
	fOptScpsrec                              = field.Field{Name: "TCP Option - SCPS record boundary", Abbrev: "tcp.options.scpsrec", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "SCPS record boundary"}
	fOptScpscor                              = field.Field{Name: "TCP Option - SCPS corruption experienced", Abbrev: "tcp.options.scpscor", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "SCPS corruption experienced"}
	fOptQs                                   = field.Field{Name: "TCP Option - Quick-Start", Abbrev: "tcp.options.qs", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "Quick-Start"}
	fOptUserTo                               = field.Field{Name: "TCP Option - User Timeout", Abbrev: "tcp.options.user_to", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "User Timeout"}
	fOptTfo                                  = field.Field{Name: "TCP Option - TCP Fast Open", Abbrev: "tcp.options.tfo", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "TCP Fast Open"}
	fOptAccEcn                               = field.Field{Name: "TCP Option - Accurate ECN", Abbrev: "tcp.options.acc_ecn", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "Accurate ECN"}
	fOptRvbdProbe                            = field.Field{Name: "TCP Option - Riverbed Probe", Abbrev: "tcp.options.rvbd.probe", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "Riverbed Probe"}
	fOptRvbdTrpy                             = field.Field{Name: "TCP Option - Riverbed Transparency", Abbrev: "tcp.options.rvbd.trpy", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "Riverbed Transparency"}
	fOptExperimental                         = field.Field{Name: "TCP Option - Experimental", Abbrev: "tcp.options.experimental", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "Experimental"}
	fOptUnknown                              = field.Field{Name: "TCP Option - Unknown", Abbrev: "tcp.options.unknown", Type: field.Bytes, Parent: "tcp", InNameOnly: true, Short: "Unknown"}
)

// Fields returns the TCP fields in tshark -G fields' order: the protocol,
// its fields, then the options' protocols. The slice is new; the fields
// are the package's own and are not to be changed.
func Fields() []*field.Field {
	return []*field.Field{
		&fTCP, &fSrcport, &fDstport, &fPort, &fStream, &fCompleteness,
		&fSeq, &fSeqRaw, &fNxtseq, &fAck, &fAckRaw, &fHdrLen,
		&fFlags, &fFlagsRes, &fFlagsAe, &fFlagsCwr, &fFlagsEce, &fFlagsAce,
		&fFlagsUrg, &fFlagsAck, &fFlagsPush, &fFlagsReset, &fFlagsSyn, &fFlagsFin,
		&fFlagsStr, &fWindowSizeValue, &fWindowSize, &fWindowSizeScalefactor, &fChecksum, &fChecksumStatus,
		&fChecksumCalculated, &fAnalysis, &fAnalysisFlags, &fAnalysisDuplicateAck, &fAnalysisDuplicateAckNum, &fAnalysisDuplicateAckFrame,
		&fContinuationTo, &fLen, &fAnalysisAcksFrame, &fAnalysisBytesInFlight, &fAnalysisPushBytesSent, &fAnalysisAckRtt,
		&fAnalysisInitialRtt, &fAnalysisRto, &fAnalysisRtoFrame, &fUrgentPointer, &fSegmentOverlap, &fSegmentOverlapConflict,
		&fSegmentMultipletails, &fSegmentToolongfragment, &fSegmentError, &fSegmentCount, &fSegment, &fSegments,
		&fReassembledIn, &fReassembledLength, &fReassembledData, &fOptionKind, &fOptionLen, &fOptions,
		&fOptionsMssVal, &fOptionsWscaleShift, &fOptionsWscaleMultiplier, &fOptionsExperimentalData, &fOptionsExperimentalExid, &fOptionsUnknownPayload,
		&fOptionsSackLe, &fOptionsSackRe, &fOptionsSackCount, &fOptionsSackDsackLe, &fOptionsSackDsackRe, &fOptionsEchoValue,
		&fOptionsTimestampTsval, &fOptionsTimestampTsecr, &fOptionsMptcpSubtype, &fOptionsMptcpVersion, &fOptionsMptcpReserved, &fOptionsMptcpFlags,
		&fOptionsMptcpBackupFlag, &fOptionsMptcpChecksumreqFlags, &fOptionsMptcpExtensibilityFlag, &fOptionsMptcpNomoresubflowsFlag, &fOptionsMptcpSha1Flag, &fOptionsMptcpSha256Flag,
		&fOptionsMptcpDatafinFlag, &fOptionsMptcpDseqn8Flag, &fOptionsMptcpDseqnpresentFlag, &fOptionsMptcpDataack8Flag, &fOptionsMptcpDataackpresentFlag, &fOptionsMptcpReservedFlag,
		&fOptionsMptcpFlagUFlag, &fOptionsMptcpFlagVFlag, &fOptionsMptcpFlagWFlag, &fOptionsMptcpFlagTFlag, &fOptionsMptcpRstReason, &fOptionsMptcpAddrid,
		&fOptionsMptcpSendkey, &fOptionsMptcpRecvkey, &fOptionsMptcpRecvtok, &fOptionsMptcpSendrand, &fOptionsMptcpSendtrunchmac, &fOptionsMptcpSendhmac,
		&fOptionsMptcpAddaddrtrunchmac, &fOptionsMptcpRawdataack, &fOptionsMptcpRawdataseqno, &fOptionsMptcpSubflowseqno, &fOptionsMptcpDatalvllen, &fOptionsMptcpChecksum,
		&fOptionsMptcpIpver, &fOptionsMptcpEcho, &fOptionsMptcpIpv4, &fOptionsMptcpIpv6, &fOptionsMptcpPort, &fOptionsCcValue,
		&fOptionsMd5Digest, &fOptionsAoKeyid, &fOptionsAoRnextkeyid, &fOptionsAoMac, &fOptionsQsRate, &fOptionsQsTtlDiff,
		&fOptionsTarrRate, &fOptionsTarReserved, &fOptionsAccEcnEe0b, &fOptionsAccEcnEceb, &fOptionsAccEcnEe1b, &fOptionsScpsVector,
		&fOptionsScpsBindingId, &fOptionsScpsBindingLen, &fOptionsSnackOffset, &fOptionsSnackSize, &fOptionsSnackLe, &fOptionsSnackRe,
		&fOptionsScpsflagsBets, &fOptionsScpsflagsSnack1, &fOptionsScpsflagsSnack2, &fOptionsScpsflagsCompress, &fOptionsScpsflagsNlts, &fOptionsScpsflagsReserved,
		&fOptionsScpsBinding, &fOptionsUserToGranularity, &fOptionsUserToVal, &fOptionsRvbdProbeType1, &fOptionsRvbdProbeType2, &fOptionsRvbdProbeVersion,
		&fOptionsRvbdProbeVersionRaw, &fOptionsRvbdProbeProber, &fOptionsRvbdProbeProxyIp, &fOptionsRvbdProbeProxyPort, &fOptionsRvbdProbeAppliVer, &fOptionsRvbdProbeClientIp,
		&fOptionsRvbdProbeStoreid, &fOptionsRvbdProbeFlags, &fOptionsRvbdProbeFlagsNotcfe, &fOptionsRvbdProbeFlagsLast, &fOptionsRvbdProbeFlagsProbe, &fOptionsRvbdProbeFlagsSsl,
		&fOptionsRvbdProbeFlagsServer, &fOptionsRvbdTrpyFlags, &fOptionsRvbdTrpyFlagsFwRstProbe, &fOptionsRvbdTrpyFlagsFwRstInner, &fOptionsRvbdTrpyFlagsFwRst, &fOptionsRvbdTrpyFlagsChksum,
		&fOptionsRvbdTrpyFlagsOob, &fOptionsRvbdTrpyFlagsMode, &fOptionsRvbdTrpySrcIp, &fOptionsRvbdTrpyDstIp, &fOptionsRvbdTrpySrcPort, &fOptionsRvbdTrpyDstPort,
		&fOptionsRvbdTrpyClientPort, &fOptionsTfoRequest, &fOptionsTfoCookie, &fPduTime, &fPduSize, &fPduLastFrame,
		&fTimeRelative, &fTimeDelta, &fProcSrcuid, &fProcSrcpid, &fProcSrcuname, &fProcSrccmd,
		&fProcDstuid, &fProcDstpid, &fProcDstuname, &fProcDstcmd, &fSegmentData, &fPayload,
		&fOptionsScpsBindingData, &fOptionsRvbdProbeReserved, &fFinRetransmission, &fResetCause, &fSyncookieTime, &fSyncookieMss,
		&fSyncookieHash, &fOptionsTimestampTsvalSyncookieTimestamp, &fOptionsTimestampTsvalSyncookieEcn, &fOptionsTimestampTsvalSyncookieSack, &fOptionsTimestampTsvalSyncookieWscale, &fOptionLenInvalid,
		&fAnalysisRetransmission, &fAnalysisFastRetransmission, &fAnalysisSpuriousRetransmission, &fAnalysisOutOfOrder, &fAnalysisReusedPorts, &fAnalysisLostSegment,
		&fAnalysisAckLostSegment, &fAnalysisWindowUpdate, &fAnalysisWindowFull, &fAnalysisKeepAlive, &fAnalysisKeepAliveAck, &fAnalysisZeroWindowProbe,
		&fAnalysisZeroWindow, &fAnalysisZeroWindowProbeAck, &fAnalysisTfoSyn, &fAnalysisTfoAck, &fAnalysisTfoIgnored, &fConnectionFinActive,
		&fConnectionFinPassive, &fOptionsSackDsack, &fOptionsSnackSequence, &fOptionsWscaleShiftInvalid, &fOptionsMssAbsent, &fOptionsMssPresent,
		&fShortSegment, &fAckNonzero, &fConnectionSynack, &fConnectionSyn, &fConnectionFin, &fConnectionRst,
		&fChecksumFfff, &fChecksumBadExpert, &fUrgentPointerNonZero, &fSuboptionMalformed, &fNop, &fNonZeroBytesAfterEol,
		&fBogusHeaderLength, &fMptcpConnectionEchoedKeyMismatch, &fMptcpConnectionMissingAlgorithm, &fMptcpConnectionUnsupportedAlgorithm, &fMptcpDssInfiniteMapping, &fMptcpDssMissingMapping,
		&fOptNop, &fOptEol, &fOptTimestamp, &fOptMss, &fOptWscale, &fOptSackPerm,
		&fOptSack, &fOptEcho, &fOptEchoreply, &fOptCc, &fOptCcnew, &fOptCcecho,
		&fOptAo, &fOptMd5, &fOptScps, &fOptSnack, &fOptScpsrec, &fOptScpscor,
		&fOptQs, &fOptUserTo, &fOptTfo, &fOptAccEcn, &fOptRvbdProbe, &fOptRvbdTrpy,
		&fOptExperimental, &fOptUnknown,
	}
}
