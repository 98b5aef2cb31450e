# deviations.sh: known_deviations, shared by scripts/bench.sh and
# scripts/bench-wss.sh (sourced; needs BENCH_DIR, and ME, the script's name
# for its messages).

# known_deviations WSDUMP_OUT TSHARK_OUT WSDUMP [OPTION...] reports whether
# the outputs of the payload command (-e frame.number first) differ only
# where tshark 4.0 is known to be wrong (README, "Where we differ from
# Wireshark on purpose"), and both list the same frames. Every line that
# differs must be
#   - of a direction of a connection that sent, at that frame or before, a
#     compressed message in fragments or in a frame longer than 256 KiB:
#     tshark neither inflates a fragmented compressed message nor unmasks
#     more than the first 256 KiB of one, and loses the inflater's context
#     after either, so that the later messages of that direction print
#     garbage too;
#   - or of a packet in which a fragmented message ends before another
#     frame: tshark shows no text for a text frame after it.
# WSDUMP [OPTION...] is the wsdump command that reads the capture (-r
# FILE, a key log): it runs once more for the header fields that tell. It
# prints what it found, and fails, listing the lines no known deviation
# explains, when there are any.
known_deviations() {
	local ours=$1 theirs=$2 frames verdict n bad inflate opcode streams
	shift 2
	if ! cmp -s <(cut -f1 "$ours") <(cut -f1 "$theirs"); then
		echo "$ME: the outputs do not list the same frames" >&2
		return 1
	fi
	frames=$BENCH_DIR/deviations-frames.txt
	diff --unchanged-line-format= --old-line-format='%L' --new-line-format= "$ours" "$theirs" | cut -f1 | sort -u >"$frames"
	"$@" -Y websocket -T fields -e frame.number -e tcp.stream -e tcp.srcport -e websocket.rsv -e websocket.fin \
		-e websocket.opcode -e websocket.payload_length -e websocket.payload_length_ext_64 >"$BENCH_DIR/deviations-frames.out"
	# A direction is tainted from the first frame of a compressed message
	# (RSV1 on its first frame) that is fragmented or longer than 256 KiB;
	# a 64-bit length is listed for the frames whose 7-bit one is 127 only.
	verdict=$(awk -F '\t' -v me="$ME" 'NR == FNR { want[$1] = 1; next }
		{
			d = $2 ":" $3
			k = split($6, op, ","); split($4, rsv, ","); split($5, fin, ","); split($7, len7, ","); split($8, len64, ",")
			j = 0
			carried = 0
			for (i = 1; i <= k; i++) {
				if (op[i] == 1 || op[i] == 2) comp[d] = rsv[i] == "0x04"
				long = len7[i] == 127 && len64[++j] + 0 > 262144
				if (comp[d] && (op[i] == 0 || fin[i] == 0 || long)) taint[d] = 1
				if (op[i] == 0 && fin[i] == 1 && i < k) carried = 1
			}
			if (!($1 in want)) next
			n++
			if (d in taint) { inflate++; streams[$2] = 1 }
			else if (carried) { opcode++; streams[$2] = 1 }
			else { bad++; print me ": frame " $1 " (tcp.stream " $2 ") differs, and is no known deviation" >"/dev/stderr" }
		}
		END { for (s in streams) m++; printf "%d %d %d %d %d\n", n, bad, inflate, opcode, m }' "$frames" "$BENCH_DIR/deviations-frames.out")
	read -r n bad inflate opcode streams <<<"$verdict"
	((bad == 0 && n == $(wc -l <"$frames"))) || return 1
	echo "outputs: identical but for $n lines of $(wc -l <"$ours"), in $streams connections, all known deviations of tshark 4.0:" \
		"$inflate after a compressed message fragmented or longer than 256 KiB in their direction (not inflated)," \
		"$opcode after a fragmented message ends in their packet (no text shown)"
}
