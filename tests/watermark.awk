# tests/watermark.awk LAYOUT: one line per page of a `goalsheet layout`
# dump: "page N: LABEL size S angle A centre-offset D" for the page's
# watermark (the text item whose cell is the whole page), "page N: none"
# when it has none.
# The size is given as a fraction of the page's shorter side; D is the
# distance (pt) of the mark's centre from the page's centre.
function flush() {
	if (page == "") return
	if (mark == "") printf "page %s: none\n", page
	else printf "page %s: %s size %.2f angle %s centre-offset %.1f\n", page, mark, size / short, angle, d
}
$1 == "page" { flush(); page = $2; pw = $3; ph = $4; short = pw < ph ? pw : ph; mark = "" }
$1 == "text" && $7 == 0 && $8 == 0 && $9 == pw && $10 == ph {
	x = $2; y = $3; w = $4; size = $5; angle = $11
	a = angle * 3.14159265358979 / 180
	# the origin is the glyph's baseline start; its centre is w/2 along
	# the baseline and half IPAex's ascender less descender above it,
	# (1802 - 246) / 2 / 2048 em from its metrics, turned by the angle.
	c = (1802 - 246) / 2 / 2048
	cx = x + (w / 2) * cos(a) - c * size * sin(a)
	cy = y - (w / 2) * sin(a) - c * size * cos(a)
	d = sqrt((cx - pw / 2) ^ 2 + (cy - ph / 2) ^ 2)
	t = $0; sub(/^[^|]*\|/, "", t); sub(/\|$/, "", t); mark = t
}
END { flush() }
