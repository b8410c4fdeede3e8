// scram.go is the server side of the SCRAM-SHA-256 exchange (RFC 5802 and
// 7677; PG: libpq/auth-scram.c), without channel binding: the client
// proves it knows the password the stored secret was made from, and the
// server proves it holds the secret.

package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/loomdb/loomdb/internal/pgerror"
)

// Mechanism is the SASL mechanism the server offers.
const Mechanism = "SCRAM-SHA-256"

// SCRAMServer runs one exchange. A role without a SCRAM secret still goes
// through the whole exchange and fails at its end, with a made-up salt
// that is the same at every attempt for the same name, so that a client
// cannot tell such a role from one whose password it got wrong (PG:
// scram_mock_salt).
type SCRAMServer struct {
	sec  *secret
	mock bool

	gs2Header       string
	clientFirstBare string
	serverFirst     string
	nonce           string
}

// NewSCRAMServer starts an exchange against the stored password ("" for
// none); without a SCRAM secret the salt is MockSalt(mockNonce, user).
func NewSCRAMServer(stored string, mockNonce []byte, user string) *SCRAMServer {
	if sec, err := parseSecret(stored); err == nil {
		return &SCRAMServer{sec: sec}
	}
	return &SCRAMServer{sec: &secret{iterations: SCRAMIterations, salt: MockSalt(mockNonce, user),
		storedKey: make([]byte, sha256.Size), serverKey: make([]byte, sha256.Size)}, mock: true}
}

// MockSalt is the salt shown for a role without a SCRAM secret: derived
// from the role's name and a nonce the server keeps, so it does not
// change between attempts.
func MockSalt(nonce []byte, user string) []byte {
	h := sha256.New()
	h.Write([]byte(user))
	h.Write(nonce)
	return h.Sum(nil)[:saltLen]
}

func malformed(detail string) error {
	return &pgerror.Error{Severity: pgerror.SeverityFatal, Code: pgerror.ProtocolViolation, Message: "malformed SCRAM message", Detail: detail}
}

// ServerFirst reads the client-first-message and returns the
// server-first-message.
func (s *SCRAMServer) ServerFirst(clientFirst []byte) ([]byte, error) {
	msg := string(clientFirst)
	var flag string
	switch {
	case strings.HasPrefix(msg, "n,"), strings.HasPrefix(msg, "y,"):
		flag, msg = msg[:1], msg[2:]
	case strings.HasPrefix(msg, "p="):
		return nil, malformed("The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message includes channel binding data.")
	default:
		return nil, malformed("Unexpected channel-binding flag \"" + firstChar(msg) + "\".")
	}
	authzid, bare, ok := strings.Cut(msg, ",")
	if !ok {
		return nil, malformed("Comma expected, but found end of string.")
	}
	if authzid != "" {
		return nil, &pgerror.Error{Severity: pgerror.SeverityFatal, Code: pgerror.FeatureNotSupported, Message: "client uses authorization identity, but it is not supported"}
	}
	s.gs2Header = flag + ",,"
	attrs := strings.Split(bare, ",")
	if len(attrs) < 2 || !strings.HasPrefix(attrs[0], "n=") {
		return nil, malformed("Expected attribute \"n\" but found \"" + firstChar(bare) + "\".")
	}
	if !strings.HasPrefix(attrs[1], "r=") || len(attrs[1]) == 2 {
		return nil, malformed("Expected attribute \"r\" but found \"" + firstChar(attrs[1]) + "\".")
	}
	s.clientFirstBare = bare
	random := make([]byte, 18)
	if _, err := rand.Read(random); err != nil {
		return nil, err
	}
	s.nonce = attrs[1][2:] + base64.StdEncoding.EncodeToString(random)
	s.serverFirst = "r=" + s.nonce + ",s=" + base64.StdEncoding.EncodeToString(s.sec.salt) + ",i=" + strconv.Itoa(s.sec.iterations)
	return []byte(s.serverFirst), nil
}

// ServerFinal reads the client-final-message. It returns the
// server-final-message and whether the client's proof holds; a false ok
// with a nil error is a wrong password.
func (s *SCRAMServer) ServerFinal(clientFinal []byte) (final []byte, ok bool, err error) {
	msg := string(clientFinal)
	withoutProof, proofText, found := strings.Cut(msg, ",p=")
	if !found {
		return nil, false, malformed("Expected attribute \"p\" but found end of string.")
	}
	attrs := strings.Split(withoutProof, ",")
	if len(attrs) < 2 || !strings.HasPrefix(attrs[0], "c=") || !strings.HasPrefix(attrs[1], "r=") {
		return nil, false, malformed("Expected attributes \"c\" and \"r\".")
	}
	cbind, err := base64.StdEncoding.DecodeString(attrs[0][2:])
	if err != nil || string(cbind) != s.gs2Header {
		return nil, false, &pgerror.Error{Severity: pgerror.SeverityFatal, Code: pgerror.ProtocolViolation, Message: "SCRAM channel binding check failed"}
	}
	if attrs[1][2:] != s.nonce {
		return nil, false, malformed("Nonce does not match.")
	}
	proof, err := base64.StdEncoding.DecodeString(proofText)
	if err != nil || len(proof) != sha256.Size {
		return nil, false, malformed("Malformed proof in client-final-message.")
	}
	authMessage := s.clientFirstBare + "," + s.serverFirst + "," + withoutProof
	clientSignature := hmacSHA256(s.sec.storedKey, authMessage)
	clientKey := make([]byte, sha256.Size)
	for i := range clientKey {
		clientKey[i] = proof[i] ^ clientSignature[i]
	}
	got := sha256.Sum256(clientKey)
	if s.mock || subtle.ConstantTimeCompare(got[:], s.sec.storedKey) != 1 {
		return nil, false, nil
	}
	serverSignature := hmacSHA256(s.sec.serverKey, authMessage)
	return []byte("v=" + base64.StdEncoding.EncodeToString(serverSignature)), true, nil
}

func firstChar(s string) string {
	if s == "" {
		return ""
	}
	return s[:1]
}
