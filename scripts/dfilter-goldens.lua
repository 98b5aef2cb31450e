-- Taps one listener per display filter of the file named by the
-- environment variable FILTERS and, when tshark is done, prints for each
-- "filter<TAB>frames" (frame numbers joined by commas, or "error" for a
-- filter tshark refuses). Run by scripts/dfilter-goldens.sh.
local filters = {}
for line in io.lines(os.getenv("FILTERS")) do
	if line:sub(1, 1) ~= "#" and line ~= "" then
		filters[#filters + 1] = line
	end
end
local frames = {}
local refused = {}
for i, f in ipairs(filters) do
	frames[i] = {}
	local ok, tap = pcall(Listener.new, "frame", f)
	if ok then
		function tap.packet(pinfo) table.insert(frames[i], pinfo.number) end
	else
		refused[i] = true
	end
end
local done = false
local out = Listener.new("frame")
function out.draw()
	if done then return end
	done = true
	for i, f in ipairs(filters) do
		if refused[i] then
			print(f .. "\terror")
		else
			print(f .. "\t" .. table.concat(frames[i], ","))
		end
	end
end
