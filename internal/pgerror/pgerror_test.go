// Tests for the error value: every SQLSTATE constant against PostgreSQL 15's
// errcodes.txt (condition names as PL/pgSQL knows them), and Convert,
// CodeOf, As and the With* builders that the protocol layer relies on.
package pgerror

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestSQLStates(t *testing.T) {
	// code constant, PG condition name (from PostgreSQL 15's errcodes.txt).
	cases := []struct{ got, want, name string }{
		{SuccessfulCompletion, "00000", "successful_completion"},
		{Warning, "01000", "warning"},
		{FeatureNotSupported, "0A000", "feature_not_supported"},
		{InvalidTransactionState, "25000", "invalid_transaction_state"},
		{ActiveSQLTransaction, "25001", "active_sql_transaction"},
		{NoActiveSQLTransaction, "25P01", "no_active_sql_transaction"},
		{InFailedSQLTransaction, "25P02", "in_failed_sql_transaction"},
		{ReadOnlySQLTransaction, "25006", "read_only_sql_transaction"},
		{InvalidSQLStatementName, "26000", "invalid_sql_statement_name"},
		{InvalidCursorName, "34000", "invalid_cursor_name"},
		{DataException, "22000", "data_exception"},
		{StringDataRightTruncation, "22001", "string_data_right_truncation"},
		{NumericValueOutOfRange, "22003", "numeric_value_out_of_range"},
		{NullValueNotAllowed, "22004", "null_value_not_allowed"},
		{InvalidDatetimeFormat, "22007", "invalid_datetime_format"},
		{DatetimeFieldOverflow, "22008", "datetime_field_overflow"},
		{DivisionByZero, "22012", "division_by_zero"},
		{InvalidParameterValue, "22023", "invalid_parameter_value"},
		{CharacterNotInRepertoire, "22021", "character_not_in_repertoire"},
		{InvalidTextRepresentation, "22P02", "invalid_text_representation"},
		{InvalidBinaryRepresentation, "22P03", "invalid_binary_representation"},
		{BadCopyFileFormat, "22P04", "bad_copy_file_format"},
		{UntranslatableCharacter, "22P05", "untranslatable_character"},
		{InvalidEscapeSequence, "22025", "invalid_escape_sequence"},
		{IntegrityConstraintViolation, "23000", "integrity_constraint_violation"},
		{NotNullViolation, "23502", "not_null_violation"},
		{UniqueViolation, "23505", "unique_violation"},
		{InvalidAuthorizationSpec, "28000", "invalid_authorization_specification"},
		{SyntaxErrorOrAccessRuleViol, "42000", "syntax_error_or_access_rule_violation"},
		{SyntaxError, "42601", "syntax_error"},
		{InsufficientPrivilege, "42501", "insufficient_privilege"},
		{UndefinedColumn, "42703", "undefined_column"},
		{UndefinedFunction, "42883", "undefined_function"},
		{UndefinedTable, "42P01", "undefined_table"},
		{UndefinedObject, "42704", "undefined_object"},
		{UndefinedParameter, "42P02", "undefined_parameter"},
		{DuplicateTable, "42P07", "duplicate_table"},
		{DuplicateColumn, "42701", "duplicate_column"},
		{DuplicateObject, "42710", "duplicate_object"},
		{DuplicateDatabase, "42P04", "duplicate_database"},
		{AmbiguousColumn, "42702", "ambiguous_column"},
		{AmbiguousFunction, "42725", "ambiguous_function"},
		{DatatypeMismatch, "42804", "datatype_mismatch"},
		{WrongObjectType, "42809", "wrong_object_type"},
		{GroupingError, "42803", "grouping_error"},
		{InvalidColumnReference, "42P10", "invalid_column_reference"},
		{CannotCoerce, "42846", "cannot_coerce"},
		{IndeterminateDatatype, "42P18", "indeterminate_datatype"},
		{InvalidTableDefinition, "42P16", "invalid_table_definition"},
		{InvalidObjectDefinition, "42P17", "invalid_object_definition"},
		{WithCheckOptionViolation, "44000", "with_check_option_violation"},
		{InvalidName, "42602", "invalid_name"},
		{NameTooLong, "42622", "name_too_long"},
		{ProgramLimitExceeded, "54000", "program_limit_exceeded"},
		{TooManyColumns, "54011", "too_many_columns"},
		{ObjectInUse, "55006", "object_in_use"},
		{CantChangeRuntimeParam, "55P02", "cant_change_runtime_param"},
		{LockNotAvailable, "55P03", "lock_not_available"},
		{QueryCanceled, "57014", "query_canceled"},
		{AdminShutdown, "57P01", "admin_shutdown"},
		{SerializationFailure, "40001", "serialization_failure"},
		{DeadlockDetected, "40P01", "deadlock_detected"},
		{ProtocolViolation, "08P01", "protocol_violation"},
		{ConnectionException, "08000", "connection_exception"},
		{ConnectionFailure, "08006", "connection_failure"},
		{InvalidCatalogName, "3D000", "invalid_catalog_name"},
		{InvalidSchemaName, "3F000", "invalid_schema_name"},
		{InvalidPreparedStatementDef, "42P14", "invalid_prepared_statement_definition"},
		{DuplicatePreparedStatement, "42P05", "duplicate_prepared_statement"},
		{DuplicateCursor, "42P03", "duplicate_cursor"},
		{ConfigFileError, "F0000", "config_file_error"},
		{InternalError, "XX000", "internal_error"},
		{DataCorrupted, "XX001", "data_corrupted"},
		{IOError, "58030", "io_error"},
		{OutOfMemory, "53200", "out_of_memory"},
		{DiskFull, "53100", "disk_full"},
		{InvalidRecursion, "42P19", "invalid_recursion"},
		{CardinalityViolation, "21000", "cardinality_violation"},
		{WindowingError, "42P20", "windowing_error"},
		{InvalidRowCountInLimitClause, "2201W", "invalid_row_count_in_limit_clause"},
		{InvalidRowCountInResultOffset, "2201X", "invalid_row_count_in_result_offset_clause"},
		{InvalidArgumentForLog, "2201E", "invalid_argument_for_logarithm"},
		{InvalidArgumentForPowerFunction, "2201F", "invalid_argument_for_power_function"},
		{ZeroLengthCharacterString, "2200F", "zero_length_character_string"},
		{InvalidEscapeCharacter, "22019", "invalid_escape_character"},
		{InvalidRegularExpression, "2201B", "invalid_regular_expression"},
		{ArraySubscriptError, "2202E", "ERRCODE_ARRAY_ELEMENT_ERROR"},
		{CollationMismatch, "42P21", "collation_mismatch"},
		{SubstringError, "22011", "substring_error"},
		{DuplicateAlias, "42712", "duplicate_alias"},
		{SeverityError, "ERROR", ""},
		{SeverityFatal, "FATAL", ""},
		{SeverityPanic, "PANIC", ""},
		{SeverityDebug, "DEBUG", ""},
	}
	seen := map[string]string{}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s = %s, want %s", c.name, c.got, c.want)
		}
		if prev, dup := seen[c.got]; dup {
			t.Errorf("%s and %s share SQLSTATE %s", prev, c.name, c.got)
		}
		seen[c.got] = c.name
	}
}

func TestConvert(t *testing.T) {
	if Convert(nil) != nil {
		t.Error("Convert(nil) != nil")
	}
	e := New(DivisionByZero, "division by zero")
	wrapped := fmt.Errorf("while executing: %w", e)
	if got := Convert(wrapped); got != e {
		t.Errorf("Convert(wrapped) = %v, want the wrapped *Error", got)
	}
	if got := CodeOf(wrapped); got != "22012" {
		t.Errorf("CodeOf(wrapped) = %s", got)
	}
	cases := []struct {
		err       error
		code, msg string
	}{
		{context.Canceled, "57014", "canceling statement due to user request"},
		{fmt.Errorf("read: %w", context.Canceled), "57014", "canceling statement due to user request"},
		{context.DeadlineExceeded, "57014", "canceling statement due to statement timeout"},
		{errors.New("disk on fire"), "XX000", "disk on fire"},
	}
	for _, c := range cases {
		got := Convert(c.err)
		if got.Code != c.code || got.Message != c.msg || got.Severity != SeverityError {
			t.Errorf("Convert(%v) = %s %s %q", c.err, got.Severity, got.Code, got.Message)
		}
	}
	if CodeOf(errors.New("x")) != InternalError {
		t.Error("CodeOf(plain error) != XX000")
	}
	if _, ok := As(errors.New("x")); ok {
		t.Error("As(plain error) found a *Error")
	}
}

func TestBuilders(t *testing.T) {
	e := Newf(UndefinedFunction, "function %s(%s) does not exist", "f", "integer").
		WithHint("No function matches the given name and argument types. You might need to add explicit type casts.").
		WithDetail("%d candidates", 0).
		WithPosition(8).
		WithContext("SQL function \"g\"").
		WithContext("parallel worker")
	if e.Error() != "function f(integer) does not exist" || e.Code != "42883" || e.Severity != "ERROR" {
		t.Errorf("Error() = %q code %s", e.Error(), e.Code)
	}
	if e.Position != 8 || e.Detail != "0 candidates" || e.Context != "SQL function \"g\"\nparallel worker" {
		t.Errorf("fields: %+v", e)
	}
	if Unsupported("x %d", 1).Code != "0A000" || Internal("y").Code != "XX000" || Canceled().Code != "57014" {
		t.Error("helper codes")
	}
}
