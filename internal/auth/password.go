// Package auth keeps roles' passwords and checks them as PostgreSQL does
// (PG: libpq/crypt.c, libpq/auth-scram.c, common/scram-common.c): a
// password is stored as a SCRAM-SHA-256 secret or an MD5 hash, never in
// the clear, and a client proves it knows the password through the
// SCRAM-SHA-256 exchange, an MD5 challenge or, over a connection the
// rules allow it on, the password itself.
package auth

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// SCRAMIterations is the iteration count of new SCRAM secrets (PG:
// scram_iterations' default).
const SCRAMIterations = 4096

// saltLen is the length of a SCRAM secret's salt (PG: SCRAM_DEFAULT_SALT_LEN).
const saltLen = 16

// Kind is how a stored password is kept.
type Kind int

const (
	// Plain is a password stored as it is; loomdb never stores one, but
	// pg_authid may hold a value that is neither form below.
	Plain Kind = iota
	MD5
	SCRAM
)

// KindOf tells the form of a stored password (PG: get_password_type).
func KindOf(stored string) Kind {
	switch {
	case strings.HasPrefix(stored, "md5") && len(stored) == 35 && isHex(stored[3:]):
		return MD5
	case strings.HasPrefix(stored, "SCRAM-SHA-256$"):
		if _, err := parseSecret(stored); err == nil {
			return SCRAM
		}
	}
	return Plain
}

func isHex(s string) bool {
	_, err := hex.DecodeString(s)
	return err == nil
}

// Encrypt returns the form of password to store for role user: password
// itself when it already is a SCRAM secret or an MD5 hash, as PostgreSQL
// takes pre-encrypted passwords, else its SCRAM secret, or with method
// "md5" its MD5 hash (PG: encrypt_password, password_encryption).
func Encrypt(method, user, password string) (string, error) {
	if KindOf(password) != Plain {
		return password, nil
	}
	if method == "md5" {
		return MD5Hash(user, password), nil
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	return scramSecret(password, salt, SCRAMIterations)
}

// MD5Hash is "md5" followed by the hex MD5 of password and user (PG:
// pg_md5_encrypt).
func MD5Hash(user, password string) string {
	sum := md5.Sum([]byte(password + user))
	return "md5" + hex.EncodeToString(sum[:])
}

// MD5Response is what a client answers an MD5 challenge with, given the
// stored hash (PG: the client's pg_password_sendauth).
func MD5Response(storedHash string, salt [4]byte) string {
	sum := md5.Sum(append([]byte(storedHash[3:]), salt[:]...))
	return "md5" + hex.EncodeToString(sum[:])
}

// secret is a parsed SCRAM-SHA-256 secret.
type secret struct {
	iterations           int
	salt                 []byte
	storedKey, serverKey []byte
}

// scramSecret builds the stored secret
// "SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>".
func scramSecret(password string, salt []byte, iterations int) (string, error) {
	salted, err := pbkdf2.Key(sha256.New, password, salt, iterations, sha256.Size)
	if err != nil {
		return "", err
	}
	clientKey := hmacSHA256(salted, "Client Key")
	stored := sha256.Sum256(clientKey)
	serverKey := hmacSHA256(salted, "Server Key")
	b64 := base64.StdEncoding.EncodeToString
	return fmt.Sprintf("SCRAM-SHA-256$%d:%s$%s:%s", iterations, b64(salt), b64(stored[:]), b64(serverKey)), nil
}

func parseSecret(s string) (*secret, error) {
	rest, ok := strings.CutPrefix(s, "SCRAM-SHA-256$")
	if !ok {
		return nil, fmt.Errorf("not a SCRAM secret")
	}
	iterSalt, keys, ok := strings.Cut(rest, "$")
	if !ok {
		return nil, fmt.Errorf("malformed SCRAM secret")
	}
	iterText, saltText, ok1 := strings.Cut(iterSalt, ":")
	storedText, serverText, ok2 := strings.Cut(keys, ":")
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("malformed SCRAM secret")
	}
	iter, err := strconv.Atoi(iterText)
	if err != nil || iter <= 0 {
		return nil, fmt.Errorf("malformed SCRAM secret")
	}
	sec := &secret{iterations: iter}
	dec := base64.StdEncoding.DecodeString
	if sec.salt, err = dec(saltText); err != nil {
		return nil, err
	}
	if sec.storedKey, err = dec(storedText); err != nil || len(sec.storedKey) != sha256.Size {
		return nil, fmt.Errorf("malformed SCRAM secret")
	}
	if sec.serverKey, err = dec(serverText); err != nil || len(sec.serverKey) != sha256.Size {
		return nil, fmt.Errorf("malformed SCRAM secret")
	}
	return sec, nil
}

func hmacSHA256(key []byte, msg string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(msg))
	return h.Sum(nil)
}

// CheckPlain reports whether a password sent in the clear matches the
// stored one, whatever form it is stored in (PG: plain_crypt_verify).
func CheckPlain(user, stored, password string) bool {
	switch KindOf(stored) {
	case SCRAM:
		sec, _ := parseSecret(stored)
		again, err := scramSecret(password, sec.salt, sec.iterations)
		return err == nil && subtle.ConstantTimeCompare([]byte(again), []byte(stored)) == 1
	case MD5:
		return subtle.ConstantTimeCompare([]byte(MD5Hash(user, password)), []byte(stored)) == 1
	}
	return subtle.ConstantTimeCompare([]byte(password), []byte(stored)) == 1
}

// CheckMD5 reports whether a client's answer to the MD5 challenge salt
// matches the stored password, which must be an MD5 hash (or, as PG
// allows, kept in the clear).
func CheckMD5(user, stored, response string, salt [4]byte) bool {
	switch KindOf(stored) {
	case MD5:
	case Plain:
		stored = MD5Hash(user, stored)
	default:
		return false
	}
	return subtle.ConstantTimeCompare([]byte(MD5Response(stored, salt)), []byte(response)) == 1
}
