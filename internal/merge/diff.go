package merge

import (
	"bytes"
)

// SplitLines splits data into lines, each keeping its terminator ("\n" or
// "\r\n"); the last line has none when data does not end with a newline.
// Empty data has no lines.
func SplitLines(data []byte) [][]byte {
	if len(data) == 0 {
		return nil
	}
	lines := make([][]byte, 0, bytes.Count(data, []byte{'\n'})+1)
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			lines = append(lines, data)
			break
		}
		lines = append(lines, data[:i+1])
		data = data[i+1:]
	}
	return lines
}

// intern maps each distinct line of every sequence to a small integer so the
// diff compares ints, not byte slices.
func intern(seqs ...[][]byte) [][]int {
	ids := map[string]int{}
	out := make([][]int, len(seqs))
	for s, lines := range seqs {
		out[s] = make([]int, len(lines))
		for i, l := range lines {
			id, ok := ids[string(l)]
			if !ok {
				id = len(ids)
				ids[string(l)] = id
			}
			out[s][i] = id
		}
	}
	return out
}

// match returns, for each index of a, the index of b it is matched with in a
// shortest edit script (Myers' O(ND) algorithm, linear space), or -1.
//
// Lines found on one side only can never match, so they are left out before
// the diff and the indexes mapped back: a file rewritten by one side costs
// next to nothing instead of Myers' worst case.
func match(a, b []int) []int {
	m := make([]int, len(a))
	for i := range m {
		m[i] = -1
	}
	ia, ib := common(a, b), common(b, a)
	fa, fb := make([]int, len(ia)), make([]int, len(ib))
	for k, i := range ia {
		fa[k] = a[i]
	}
	for k, j := range ib {
		fb[k] = b[j]
	}
	fm := make([]int, len(fa))
	for i := range fm {
		fm[i] = -1
	}
	d := &differ{a: fa, b: fb, m: fm}
	d.compare(0, len(fa), 0, len(fb))
	for k, j := range fm {
		if j >= 0 {
			m[ia[k]] = ib[j]
		}
	}
	return m
}

// common lists the indexes of x whose line also occurs in y.
func common(x, y []int) []int {
	in := make(map[int]bool, len(y))
	for _, id := range y {
		in[id] = true
	}
	out := make([]int, 0, len(x))
	for i, id := range x {
		if in[id] {
			out = append(out, i)
		}
	}
	return out
}

type differ struct {
	a, b []int
	m    []int
}

func (d *differ) compare(aLo, aHi, bLo, bHi int) {
	for aLo < aHi && bLo < bHi && d.a[aLo] == d.b[bLo] {
		d.m[aLo] = bLo
		aLo++
		bLo++
	}
	for aLo < aHi && bLo < bHi && d.a[aHi-1] == d.b[bHi-1] {
		aHi--
		bHi--
		d.m[aHi] = bHi
	}
	if aLo == aHi || bLo == bHi {
		return
	}
	x, y, ok := d.bisect(aLo, aHi, bLo, bHi)
	if !ok || (x == aLo && y == bLo) || (x == aHi && y == bHi) {
		return // nothing in common, or no progress possible: all replaced
	}
	d.compare(aLo, x, bLo, y)
	d.compare(x, aHi, y, bHi)
}

// bisect finds the middle snake of a[aLo:aHi] and b[bLo:bHi], returning the
// point where the forward and reverse searches meet, in absolute indexes.
func (d *differ) bisect(aLo, aHi, bLo, bHi int) (x, y int, ok bool) {
	a, b := d.a[aLo:aHi], d.b[bLo:bHi]
	n, m := len(a), len(b)
	maxD := (n + m + 1) / 2
	off := maxD
	size := 2*maxD + 2
	v1 := make([]int, size)
	v2 := make([]int, size)
	for i := range v1 {
		v1[i], v2[i] = -1, -1
	}
	v1[off+1], v2[off+1] = 0, 0
	delta := n - m
	front := delta%2 != 0
	k1start, k1end, k2start, k2end := 0, 0, 0, 0
	for dd := 0; dd < maxD; dd++ {
		for k1 := -dd + k1start; k1 <= dd-k1end; k1 += 2 {
			k1o := off + k1
			var x1 int
			if k1 == -dd || (k1 != dd && v1[k1o-1] < v1[k1o+1]) {
				x1 = v1[k1o+1]
			} else {
				x1 = v1[k1o-1] + 1
			}
			y1 := x1 - k1
			for x1 < n && y1 < m && a[x1] == b[y1] {
				x1++
				y1++
			}
			v1[k1o] = x1
			switch {
			case x1 > n:
				k1end += 2
			case y1 > m:
				k1start += 2
			case front:
				k2o := off + delta - k1
				if k2o >= 0 && k2o < size && v2[k2o] != -1 {
					if x1 >= n-v2[k2o] {
						return aLo + x1, bLo + y1, true
					}
				}
			}
		}
		for k2 := -dd + k2start; k2 <= dd-k2end; k2 += 2 {
			k2o := off + k2
			var x2 int
			if k2 == -dd || (k2 != dd && v2[k2o-1] < v2[k2o+1]) {
				x2 = v2[k2o+1]
			} else {
				x2 = v2[k2o-1] + 1
			}
			y2 := x2 - k2
			for x2 < n && y2 < m && a[n-x2-1] == b[m-y2-1] {
				x2++
				y2++
			}
			v2[k2o] = x2
			switch {
			case x2 > n:
				k2end += 2
			case y2 > m:
				k2start += 2
			case !front:
				k1o := off + delta - k2
				if k1o >= 0 && k1o < size && v1[k1o] != -1 {
					x1 := v1[k1o]
					y1 := off + x1 - k1o
					if x1 >= n-x2 {
						return aLo + x1, bLo + y1, true
					}
				}
			}
		}
	}
	return 0, 0, false
}
