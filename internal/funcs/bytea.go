// bytea.go registers the binary string functions and operators (PG:
// utils/adt/varlena.c, encode.c): length, octet_length, ||,
// get_byte/set_byte, encode/decode (hex, base64, escape) and
// convert_to/convert_from for UTF8. A bytea Datum is a string of its bytes.

package funcs

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// encodingPunct drops the punctuation encoding names may be written with.
var encodingPunct = strings.NewReplacer("-", "", "_", "")

// encodingName checks a conversion's encoding name: only UTF8 (and its
// aliases) is known here, the server and client encoding.
func encodingName(name string) error {
	n := strings.ToUpper(encodingPunct.Replace(name))
	if n == "UTF8" || n == "UNICODE" {
		return nil
	}
	if n == "SQLASCII" || n == "LATIN1" || n == "WIN1252" {
		return pgerror.Unsupported("conversion to or from encoding \"%s\" is not supported", name)
	}
	return pgerror.Newf(pgerror.InvalidParameterValue, "invalid destination encoding name \"%s\"", name)
}

func init() {
	b, text, i4 := types.ByteaOid, types.TextOid, types.Int4Oid
	byteLen := func(a []types.Datum) (types.Datum, error) { return int64(len(a[0].(string))), nil }
	fn("length", []types.Oid{b}, i4, byteLen)
	fn("octet_length", []types.Oid{b}, i4, byteLen)
	registerOp("||", b, b, b, "byteacat", func(a []types.Datum) (types.Datum, error) {
		return a[0].(string) + a[1].(string), nil
	})
	outOfRange := func(n int64, size int) error {
		return pgerror.Newf(pgerror.ArraySubscriptError, "index %d out of valid range, 0..%d", n, size-1)
	}
	fn("get_byte", []types.Oid{b, i4}, i4, func(a []types.Datum) (types.Datum, error) {
		s, n := a[0].(string), a[1].(int64)
		if n < 0 || n >= int64(len(s)) {
			return nil, outOfRange(n, len(s))
		}
		return int64(s[n]), nil
	})
	fn("set_byte", []types.Oid{b, i4, i4}, b, func(a []types.Datum) (types.Datum, error) {
		s, n := a[0].(string), a[1].(int64)
		if n < 0 || n >= int64(len(s)) {
			return nil, outOfRange(n, len(s))
		}
		buf := []byte(s)
		buf[n] = byte(a[2].(int64))
		return string(buf), nil
	})
	fn("encode", []types.Oid{b, text}, text, func(a []types.Datum) (types.Datum, error) {
		s := a[0].(string)
		switch strings.ToLower(a[1].(string)) {
		case "hex":
			return hex.EncodeToString([]byte(s)), nil
		case "base64":
			// PostgreSQL breaks base64 output into lines of 76 characters.
			enc := base64.StdEncoding.EncodeToString([]byte(s))
			var sb strings.Builder
			for len(enc) > 76 {
				sb.WriteString(enc[:76])
				sb.WriteByte('\n')
				enc = enc[76:]
			}
			sb.WriteString(enc)
			return sb.String(), nil
		case "escape":
			// Only NUL, bytes with the high bit and backslash are escaped
			// (PG: esc_encode), unlike bytea_output = escape.
			var sb strings.Builder
			for i := 0; i < len(s); i++ {
				switch c := s[i]; {
				case c == 0 || c >= 0x80:
					sb.WriteByte('\\')
					sb.WriteByte('0' + c>>6)
					sb.WriteByte('0' + c>>3&7)
					sb.WriteByte('0' + c&7)
				case c == '\\':
					sb.WriteString(`\\`)
				default:
					sb.WriteByte(c)
				}
			}
			return sb.String(), nil
		}
		return nil, pgerror.Newf(pgerror.InvalidParameterValue, "unrecognized encoding: \"%s\"", a[1].(string))
	})
	fn("decode", []types.Oid{text, text}, b, func(a []types.Datum) (types.Datum, error) {
		s := a[0].(string)
		switch strings.ToLower(a[1].(string)) {
		case "hex":
			s = strings.Map(func(r rune) rune {
				if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
					return -1
				}
				return r
			}, s)
			if len(s)%2 == 1 {
				return nil, pgerror.New(pgerror.InvalidParameterValue, "invalid hexadecimal data: odd number of digits")
			}
			out, err := hex.DecodeString(s)
			if err != nil {
				return nil, pgerror.Newf(pgerror.InvalidParameterValue, "invalid hexadecimal digit: \"%s\"", firstNonHex(s))
			}
			return string(out), nil
		case "base64":
			clean := strings.Map(func(r rune) rune {
				if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
					return -1
				}
				return r
			}, s)
			out, err := base64.StdEncoding.DecodeString(clean)
			if err != nil {
				return nil, pgerror.New(pgerror.InvalidParameterValue, "invalid base64 end sequence").
					WithHint("Input data is missing padding, is truncated, or is otherwise corrupted.")
			}
			return string(out), nil
		case "escape":
			return types.InBytea(s)
		}
		return nil, pgerror.Newf(pgerror.InvalidParameterValue, "unrecognized encoding: \"%s\"", a[1].(string))
	})
	fn("convert_to", []types.Oid{text, types.NameOid}, b, func(a []types.Datum) (types.Datum, error) {
		if err := encodingName(a[1].(string)); err != nil {
			return nil, err
		}
		return a[0].(string), nil
	})
	fn("convert_from", []types.Oid{b, types.NameOid}, text, func(a []types.Datum) (types.Datum, error) {
		if err := encodingName(a[1].(string)); err != nil {
			return nil, err
		}
		s := a[0].(string)
		if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
			return nil, pgerror.Newf(pgerror.CharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\": 0x%02x", firstBadByte(s))
		}
		return s, nil
	})
}

func firstNonHex(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			_, size := utf8.DecodeRuneInString(s[i:])
			return s[i : i+size]
		}
	}
	return ""
}

func firstBadByte(s string) byte {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size <= 1) || r == 0 {
			return s[i]
		}
		i += size
	}
	return 0
}
