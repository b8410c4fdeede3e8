package auth

import (
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"
)

// Secrets PostgreSQL 15 stored for role zz_auth with password "pa55 word".
const (
	pgSCRAM = "SCRAM-SHA-256$4096:tU5jg+yBm6pImw63MvJyfA==$Ktquvq7Svvq7cwnmphUquYLmXtIMi9C7Z+wVFkwCNUE=:4pT836ILem8w68Lvt750Q3zEJ27UIdx5mCvVAhJ1MsI="
	pgMD5   = "md57f012dc6322b2b7c88e42c8e9f867729"
)

func TestSecretsAgreeWithPostgreSQL(t *testing.T) {
	if got := MD5Hash("zz_auth", "pa55 word"); got != pgMD5 {
		t.Errorf("MD5Hash = %s, PostgreSQL stored %s", got, pgMD5)
	}
	for _, stored := range []string{pgSCRAM, pgMD5} {
		if !CheckPlain("zz_auth", stored, "pa55 word") {
			t.Errorf("the right password does not match %s", stored)
		}
		if CheckPlain("zz_auth", stored, "pa55 wore") {
			t.Errorf("a wrong password matches %s", stored)
		}
	}
	sec, err := Encrypt("scram-sha-256", "zz_auth", "pa55 word")
	if err != nil || KindOf(sec) != SCRAM || !CheckPlain("zz_auth", sec, "pa55 word") || CheckPlain("zz_auth", sec, "x") {
		t.Fatalf("Encrypt made %q, %v", sec, err)
	}
	if again, _ := Encrypt("scram-sha-256", "zz_auth", pgSCRAM); again != pgSCRAM {
		t.Errorf("a pre-encrypted password was encrypted again: %s", again)
	}
	if KindOf("md5nothex0000000000000000000000000") != Plain || KindOf("SCRAM-SHA-256$x") != Plain {
		t.Error("malformed secrets taken for real ones")
	}
}

func TestMD5Challenge(t *testing.T) {
	salt := [4]byte{1, 2, 3, 4}
	resp := MD5Response(pgMD5, salt)
	if !CheckMD5("zz_auth", pgMD5, resp, salt) {
		t.Error("the right answer was refused")
	}
	if CheckMD5("zz_auth", pgMD5, resp, [4]byte{1, 2, 3, 5}) {
		t.Error("an answer to another challenge was taken")
	}
	if CheckMD5("zz_auth", pgSCRAM, resp, salt) {
		t.Error("an MD5 answer was checked against a SCRAM secret")
	}
}

// scramClient computes a client's messages as RFC 5802 defines them.
func scramClient(t *testing.T, s *SCRAMServer, password string) (serverFinal []byte, ok bool, err error) {
	t.Helper()
	const cnonce = "rOprNGfwEbeRWgbNEkqO"
	first, err := s.ServerFirst([]byte("n,,n=,r=" + cnonce))
	if err != nil {
		return nil, false, err
	}
	attrs := map[string]string{}
	for _, a := range strings.Split(string(first), ",") {
		attrs[a[:1]] = a[2:]
	}
	if !strings.HasPrefix(attrs["r"], cnonce) {
		t.Fatalf("server nonce %q does not extend the client's", attrs["r"])
	}
	salt, _ := base64.StdEncoding.DecodeString(attrs["s"])
	salted, _ := pbkdf2.Key(sha256.New, password, salt, 4096, 32)
	mac := func(key []byte, msg string) []byte {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(msg))
		return h.Sum(nil)
	}
	clientKey := mac(salted, "Client Key")
	stored := sha256.Sum256(clientKey)
	withoutProof := "c=biws,r=" + attrs["r"]
	authMessage := "n=,r=" + cnonce + "," + string(first) + "," + withoutProof
	sig := mac(stored[:], authMessage)
	proof := make([]byte, 32)
	for i := range proof {
		proof[i] = clientKey[i] ^ sig[i]
	}
	final, ok, err := s.ServerFinal([]byte(withoutProof + ",p=" + base64.StdEncoding.EncodeToString(proof)))
	if ok {
		want := "v=" + base64.StdEncoding.EncodeToString(mac(mac(salted, "Server Key"), authMessage))
		if string(final) != want {
			t.Errorf("server signature %s, want %s", final, want)
		}
	}
	return final, ok, err
}

func TestSCRAMExchange(t *testing.T) {
	if _, ok, err := scramClient(t, NewSCRAMServer(pgSCRAM, nil, "zz_auth"), "pa55 word"); !ok || err != nil {
		t.Errorf("the right password failed: %v", err)
	}
	if _, ok, err := scramClient(t, NewSCRAMServer(pgSCRAM, nil, "zz_auth"), "pa55 wore"); ok || err != nil {
		t.Errorf("a wrong password: ok=%v, err=%v", ok, err)
	}
	for _, stored := range []string{"", pgMD5} {
		if _, ok, err := scramClient(t, NewSCRAMServer(stored, []byte("nonce"), "zz_auth"), "pa55 word"); ok || err != nil {
			t.Errorf("stored %q: ok=%v, err=%v; want a failed exchange", stored, ok, err)
		}
	}
	// A missing secret's salt is the same at every attempt.
	first := func() string {
		msg, err := NewSCRAMServer("", []byte("nonce"), "nosuch").ServerFirst([]byte("n,,n=,r=abc"))
		if err != nil {
			t.Fatal(err)
		}
		_, rest, _ := strings.Cut(string(msg), ",s=")
		return rest
	}
	if a, b := first(), first(); a != b {
		t.Errorf("the mock salt changed between attempts: %s, %s", a, b)
	}
	for _, bad := range []string{"x", "p=tls-server-end-point,,n=,r=abc", "n,a=someone,n=,r=abc", "n,,r=abc", "n,,n=,r="} {
		if _, err := NewSCRAMServer(pgSCRAM, nil, "zz_auth").ServerFirst([]byte(bad)); err == nil {
			t.Errorf("client-first %q was taken", bad)
		}
	}
	s := NewSCRAMServer(pgSCRAM, nil, "zz_auth")
	if _, err := s.ServerFirst([]byte("n,,n=,r=abc")); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"c=biws,r=abc", "c=biws,r=abcX,p=AAAA", "c=eSws,r=" + s.nonce + ",p=" + base64.StdEncoding.EncodeToString(make([]byte, 32))} {
		if _, ok, err := s.ServerFinal([]byte(bad)); ok || err == nil {
			t.Errorf("client-final %q: ok=%v, err=%v; want an error", bad, ok, err)
		}
	}
}
