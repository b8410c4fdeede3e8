// JdbcCheck connects with pgjdbc to the URL in its first argument, runs a
// prepared query and lists tables, columns, primary keys and schemas through
// DatabaseMetaData, printing all it learns; jdbc_test.go compares what it
// prints for loomdb with what it prints for PostgreSQL 15.
import java.sql.*;

public class JdbcCheck {
    public static void main(String[] args) throws Exception {
        try (Connection conn = DriverManager.getConnection(args[0])) {
            try (PreparedStatement ps = conn.prepareStatement("select a, b, c from jt where a >= ? order by a")) {
                // Past prepareThreshold (5) pgjdbc switches to a named
                // server-side statement; run it on both sides of that.
                for (int round = 0; round < 7; round++) {
                    ps.setInt(1, round % 3);
                    try (ResultSet rs = ps.executeQuery()) {
                        StringBuilder sb = new StringBuilder("query " + round + ":");
                        while (rs.next()) {
                            sb.append(" (").append(rs.getInt(1)).append(", ").append(rs.getString(2)).append(", ").append(rs.getBigDecimal(3)).append(")");
                        }
                        System.out.println(sb);
                        if (round == 0) {
                            ResultSetMetaData md = rs.getMetaData();
                            for (int i = 1; i <= md.getColumnCount(); i++) {
                                System.out.println("  column " + md.getColumnName(i) + " " + md.getColumnTypeName(i) + " " + md.getColumnType(i)
                                    + " precision=" + md.getPrecision(i) + " scale=" + md.getScale(i) + " nullable=" + md.isNullable(i)
                                    + " table=" + md.getTableName(i) + " autoincrement=" + md.isAutoIncrement(i));
                            }
                        }
                    }
                }
            }
            DatabaseMetaData md = conn.getMetaData();
            System.out.println("product " + md.getDatabaseProductName() + " " + md.getDatabaseMajorVersion());
            try (ResultSet rs = md.getTables(null, "public", "%", new String[] {"TABLE", "VIEW"})) {
                while (rs.next()) {
                    System.out.println("table " + rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME") + " " + rs.getString("TABLE_TYPE") + " remarks=" + rs.getString("REMARKS"));
                }
            }
            try (ResultSet rs = md.getColumns(null, "public", "jt%", "%")) {
                while (rs.next()) {
                    System.out.println("column " + rs.getString("TABLE_NAME") + "." + rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME")
                        + " type=" + rs.getInt("DATA_TYPE") + " size=" + rs.getInt("COLUMN_SIZE") + " digits=" + rs.getInt("DECIMAL_DIGITS")
                        + " nullable=" + rs.getInt("NULLABLE") + " default=" + rs.getString("COLUMN_DEF") + " position=" + rs.getInt("ORDINAL_POSITION")
                        + " autoincrement=" + rs.getString("IS_AUTOINCREMENT"));
                }
            }
            try (ResultSet rs = md.getPrimaryKeys(null, "public", "jt")) {
                while (rs.next()) {
                    System.out.println("primary key " + rs.getString("TABLE_NAME") + "." + rs.getString("COLUMN_NAME") + " seq=" + rs.getInt("KEY_SEQ") + " name=" + rs.getString("PK_NAME"));
                }
            }
            try (ResultSet rs = md.getSchemas()) {
                while (rs.next()) {
                    System.out.println("schema " + rs.getString("TABLE_SCHEM"));
                }
            }
        }
    }
}
