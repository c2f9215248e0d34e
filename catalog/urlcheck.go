package catalog

import (
	"net/netip"
	"strconv"
	"strings"
)

// isValidURL reports whether s is a URL the WHATWG URL parser accepts
// without a base, as Backstage's CommonValidatorFunctions.isValidUrl
// (new URL(value)) requires of metadata.links[].url: a scheme, then for the
// special schemes (http, https, ws, wss, ftp) a valid host and port. It
// implements the parts of the standard that decide failure; IDNA mapping is
// approximated by accepting non-ASCII host names.
func isValidURL(s string) bool {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= 0x20 })
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
	colon := strings.IndexByte(s, ':')
	if colon < 1 || !isASCIIAlpha(s[0]) {
		return false
	}
	for i := 1; i < colon; i++ {
		if c := s[i]; !isAlnum(c) && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	scheme, rest := strings.ToLower(s[:colon]), s[colon+1:]
	switch scheme {
	case "file":
		return true
	case "http", "https", "ws", "wss", "ftp":
		rest = strings.TrimLeft(rest, `/\`)
		return validAuthority(rest, true)
	}
	if strings.HasPrefix(rest, "//") {
		return validAuthority(rest[2:], false)
	}
	return true
}

func isASCIIAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// validAuthority checks the authority at the start of rest (up to /, ?, #,
// and \ for special schemes): userinfo, host and port.
func validAuthority(rest string, special bool) bool {
	end := len(rest)
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if c == '/' || c == '?' || c == '#' || (special && c == '\\') {
			end = i
			break
		}
	}
	auth := rest[:end]
	if at := strings.LastIndexByte(auth, '@'); at >= 0 {
		auth = auth[at+1:]
	}
	host, port := auth, ""
	if strings.HasPrefix(auth, "[") {
		close := strings.IndexByte(auth, ']')
		if close < 0 {
			return false
		}
		host, port = auth[:close+1], auth[close+1:]
		if port != "" {
			if port[0] != ':' {
				return false
			}
			port = port[1:]
		}
	} else if c := strings.LastIndexByte(auth, ':'); c >= 0 {
		host, port = auth[:c], auth[c+1:]
	}
	if port != "" {
		for i := 0; i < len(port); i++ {
			if port[i] < '0' || port[i] > '9' {
				return false
			}
		}
		if p := strings.TrimLeft(port, "0"); len(p) > 5 {
			return false
		} else if n, _ := strconv.Atoi(p); n > 65535 {
			return false
		}
	}
	if host == "" {
		return !special
	}
	if host[0] == '[' {
		if host[len(host)-1] != ']' {
			return false
		}
		a, err := netip.ParseAddr(host[1 : len(host)-1])
		return err == nil && a.Is6() && a.Zone() == ""
	}
	if !special {
		for i := 0; i < len(host); i++ {
			if isForbiddenHost(host[i]) {
				return false
			}
		}
		return true
	}
	host, ok := percentDecode(host)
	if !ok {
		return false
	}
	for i := 0; i < len(host); i++ {
		c := host[i]
		if isForbiddenHost(c) || c < 0x20 || c == '%' || c == 0x7f {
			return false
		}
	}
	host = strings.ToLower(host)
	if endsInNumber(host) {
		return validIPv4(host)
	}
	return true
}

func isForbiddenHost(c byte) bool {
	switch c {
	case 0, '\t', '\n', '\r', ' ', '#', '/', ':', '<', '>', '?', '@', '[', '\\', ']', '^', '|':
		return true
	}
	return false
}

// percentDecode decodes %XX sequences; a % not followed by two hex digits
// stays (and is then refused as a forbidden domain code point).
func percentDecode(s string) (string, bool) {
	if !strings.Contains(s, "%") {
		return s, true
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			n, _ := strconv.ParseUint(s[i+1:i+3], 16, 8)
			b.WriteByte(byte(n))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String(), true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// endsInNumber is the WHATWG "ends in a number" check: the last label
// (ignoring one trailing empty label) is all digits or 0x-hex.
func endsInNumber(host string) bool {
	parts := strings.Split(host, ".")
	if parts[len(parts)-1] == "" {
		if len(parts) == 1 {
			return false
		}
		parts = parts[:len(parts)-1]
	}
	last := parts[len(parts)-1]
	if last != "" && strings.Trim(last, "0123456789") == "" {
		return true
	}
	if strings.HasPrefix(last, "0x") && strings.Trim(last[2:], "0123456789abcdef") == "" {
		return true
	}
	return false
}

// validIPv4 parses host as the WHATWG IPv4 parser does: up to four parts,
// decimal, 0x-hex or 0-octal, the last filling the remaining bytes.
func validIPv4(host string) bool {
	parts := strings.Split(host, ".")
	if parts[len(parts)-1] == "" && len(parts) > 1 {
		parts = parts[:len(parts)-1]
	}
	if len(parts) > 4 {
		return false
	}
	nums := make([]uint64, len(parts))
	for i, p := range parts {
		if p == "" {
			return false
		}
		base := 10
		switch {
		case len(p) >= 2 && p[0] == '0' && p[1] == 'x':
			p, base = p[2:], 16
		case len(p) >= 2 && p[0] == '0':
			p, base = p[1:], 8
		}
		if p == "" {
			nums[i] = 0
			continue
		}
		n, err := strconv.ParseUint(p, base, 64)
		if err != nil {
			if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
				return false
			}
			return false
		}
		nums[i] = n
	}
	for _, n := range nums[:len(nums)-1] {
		if n > 255 {
			return false
		}
	}
	return nums[len(nums)-1] < 1<<(8*(5-len(nums)))
}
