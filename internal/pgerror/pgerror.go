// Package pgerror defines loomdb's error value: a PostgreSQL error report with
// severity, SQLSTATE, message, detail, hint, cursor position and context, the
// fields an ErrorResponse carries on the wire (PG: utils/error/elog.c).
//
// Every error that can reach a client is a *Error or wraps one; Convert turns
// anything else into an internal_error (XX000) so that the protocol layer
// always has a SQLSTATE to send.
package pgerror

import (
	"context"
	"errors"
	"fmt"
)

// SQLSTATE codes used by loomdb (PG: utils/errcodes.h).
const (
	SuccessfulCompletion            = "00000"
	Warning                         = "01000"
	FeatureNotSupported             = "0A000"
	InvalidTransactionState         = "25000"
	ActiveSQLTransaction            = "25001"
	NoActiveSQLTransaction          = "25P01"
	InFailedSQLTransaction          = "25P02"
	ReadOnlySQLTransaction          = "25006"
	InvalidSQLStatementName         = "26000"
	InvalidCursorName               = "34000"
	DataException                   = "22000"
	StringDataRightTruncation       = "22001"
	NumericValueOutOfRange          = "22003"
	NullValueNotAllowed             = "22004"
	InvalidDatetimeFormat           = "22007"
	DatetimeFieldOverflow           = "22008"
	DivisionByZero                  = "22012"
	InvalidPrecedingOrFollowingSize = "22013"
	InvalidArgumentForNtile         = "22014"
	InvalidArgumentForNthValue      = "22016"
	InvalidParameterValue           = "22023"
	InvalidTablesampleArgument      = "2202H"
	InvalidTablesampleRepeat        = "2202G"
	CharacterNotInRepertoire        = "22021"
	InvalidTextRepresentation       = "22P02"
	InvalidBinaryRepresentation     = "22P03"
	BadCopyFileFormat               = "22P04"
	UntranslatableCharacter         = "22P05"
	InvalidEscapeSequence           = "22025"
	IntegrityConstraintViolation    = "23000"
	NotNullViolation                = "23502"
	UniqueViolation                 = "23505"
	ForeignKeyViolation             = "23503"
	InvalidForeignKey               = "42830"
	InvalidAuthorizationSpec        = "28000"
	SyntaxErrorOrAccessRuleViol     = "42000"
	SyntaxError                     = "42601"
	InsufficientPrivilege           = "42501"
	UndefinedColumn                 = "42703"
	UndefinedFunction               = "42883"
	UndefinedTable                  = "42P01"
	UndefinedObject                 = "42704"
	UndefinedParameter              = "42P02"
	DuplicateTable                  = "42P07"
	DuplicateColumn                 = "42701"
	DuplicateObject                 = "42710"
	DuplicateDatabase               = "42P04"
	AmbiguousColumn                 = "42702"
	AmbiguousFunction               = "42725"
	DatatypeMismatch                = "42804"
	WrongObjectType                 = "42809"
	GroupingError                   = "42803"
	InvalidColumnReference          = "42P10"
	CannotCoerce                    = "42846"
	IndeterminateDatatype           = "42P18"
	InvalidTableDefinition          = "42P16"
	InvalidObjectDefinition         = "42P17"
	WithCheckOptionViolation        = "44000"
	InvalidName                     = "42602"
	ReservedName                    = "42939"
	InvalidGrantOperation           = "0LP01"
	InvalidPassword                 = "28P01"
	NameTooLong                     = "42622"
	ProgramLimitExceeded            = "54000"
	TooManyColumns                  = "54011"
	StatementTooComplex             = "54001"
	TooManyArguments                = "54023"
	ObjectInUse                     = "55006"
	CantChangeRuntimeParam          = "55P02"
	LockNotAvailable                = "55P03"
	QueryCanceled                   = "57014"
	AdminShutdown                   = "57P01"
	SerializationFailure            = "40001"
	DeadlockDetected                = "40P01"
	ProtocolViolation               = "08P01"
	ConnectionException             = "08000"
	ConnectionFailure               = "08006"
	InvalidCatalogName              = "3D000"
	InvalidSchemaName               = "3F000"
	InvalidPreparedStatementDef     = "42P14"
	DuplicatePreparedStatement      = "42P05"
	DuplicateCursor                 = "42P03"
	ConfigFileError                 = "F0000"
	InternalError                   = "XX000"
	DataCorrupted                   = "XX001"
	IOError                         = "58030"
	OutOfMemory                     = "53200"
	DiskFull                        = "53100"
	InvalidRecursion                = "42P19"
	CardinalityViolation            = "21000"
	WindowingError                  = "42P20"
	InvalidRowCountInLimitClause    = "2201W"
	InvalidRowCountInResultOffset   = "2201X"
	InvalidArgumentForLog           = "2201E"
	InvalidArgumentForPowerFunction = "2201F"
	ZeroLengthCharacterString       = "2200F"
	InvalidEscapeCharacter          = "22019"
	InvalidRegularExpression        = "2201B"
	ArraySubscriptError             = "2202E"
	CollationMismatch               = "42P21"
	SubstringError                  = "22011"
	DuplicateAlias                  = "42712"
	ObjectNotInPrerequisiteState    = "55000"
	SequenceGeneratorLimitExceeded  = "2200H"
	GeneratedAlways                 = "428C9"
	DependentObjectsStillExist      = "2BP01"
	InvalidSavepointSpecification   = "3B001"
	CheckViolation                  = "23514"
)

// Severity levels as they appear in the S/V fields of ErrorResponse and NoticeResponse.
const (
	SeverityError   = "ERROR"
	SeverityFatal   = "FATAL"
	SeverityPanic   = "PANIC"
	SeverityWarning = "WARNING"
	SeverityNotice  = "NOTICE"
	SeverityInfo    = "INFO"
	SeverityLog     = "LOG"
	SeverityDebug   = "DEBUG"
)

// Error is a PostgreSQL-style error report.
type Error struct {
	Severity string
	Code     string
	Message  string
	Detail   string
	Hint     string
	// Position is the 1-based character position in the statement text that
	// the error refers to, or 0 when none.
	Position int
	// InternalPosition and InternalQuery locate errors inside generated queries.
	InternalPosition int
	InternalQuery    string
	Context          string
	// Routine names the function that raised the error, like PG's R field.
	Routine string
}

// Error returns the primary message, as psql shows it after "ERROR:  ".
func (e *Error) Error() string { return e.Message }

// New returns an ERROR with the given SQLSTATE and message.
func New(code, msg string) *Error {
	return &Error{Severity: SeverityError, Code: code, Message: msg}
}

// Newf returns an ERROR with the given SQLSTATE and a formatted message.
func Newf(code, format string, args ...any) *Error {
	return &Error{Severity: SeverityError, Code: code, Message: fmt.Sprintf(format, args...)}
}

// WithDetail returns e with its detail set.
func (e *Error) WithDetail(format string, args ...any) *Error {
	e.Detail = fmt.Sprintf(format, args...)
	return e
}

// WithHint returns e with its hint set.
func (e *Error) WithHint(format string, args ...any) *Error {
	e.Hint = fmt.Sprintf(format, args...)
	return e
}

// WithPosition returns e with its cursor position set (1-based; 0 clears it).
func (e *Error) WithPosition(pos int) *Error {
	e.Position = pos
	return e
}

// WithContext returns e with a line appended to its context.
func (e *Error) WithContext(line string) *Error {
	if e.Context == "" {
		e.Context = line
	} else {
		e.Context += "\n" + line
	}
	return e
}

// Internal returns an internal_error (XX000) with a formatted message.
func Internal(format string, args ...any) *Error {
	return Newf(InternalError, format, args...)
}

// Unsupported returns a feature_not_supported (0A000) error.
func Unsupported(format string, args ...any) *Error {
	return Newf(FeatureNotSupported, format, args...)
}

// Canceled is the error PostgreSQL reports for a cancelled statement.
func Canceled() *Error {
	return New(QueryCanceled, "canceling statement due to user request")
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var pe *Error
	if errors.As(err, &pe) {
		return pe, true
	}
	return nil, false
}

// Convert returns err as a *Error: the one in its chain, a query_canceled error
// for context cancellation, or an internal_error carrying err's text.
func Convert(err error) *Error {
	if err == nil {
		return nil
	}
	if pe, ok := As(err); ok {
		return pe
	}
	if errors.Is(err, context.Canceled) {
		return Canceled()
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return New(QueryCanceled, "canceling statement due to statement timeout")
	}
	return Internal("%s", err.Error())
}

// CodeOf returns the SQLSTATE of err, or XX000 when it carries none.
func CodeOf(err error) string {
	if pe, ok := As(err); ok {
		return pe.Code
	}
	return InternalError
}
