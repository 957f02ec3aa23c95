package dev.snaplake.local.sample;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The sample fintech MySQL database: table definitions, row counts and the DuckDB SQL that
 * generates each table's rows from {@code range()} with hash-based pseudo-random values seeded by
 * the spec (nothing is built in Java memory).
 *
 * <p>Every value of row {@code i} of a table is a pure function of (seed, table, i) and of a few
 * per-spec constants (row counts, history end). Version 2 anchors its history one day earlier
 * than its snapshot day and appends one new day of transactions and a few new merchants, so the
 * unchanged rows of version 2 at day D are those of version 1 at day D-1.
 */
final class SampleTables {

  static final long SECOND_US = 1_000_000L;
  static final long DAY_US = 86_400L * SECOND_US;

  /** A column: its MySQL type and the SQL of its natural value (over the helper columns). */
  record Col(String name, MySqlType type, String natural) {}

  /**
   * A table of the export.
   *
   * @param skipReason non-null for a table RDS skips (no data, SKIPPED entry with this warning)
   */
  record Table(
      String name,
      List<Col> cols,
      List<String> helpers,
      long rows,
      int batches,
      int minPartsPerBatch,
      long bytesPerRowEstimate,
      String skipReason) {

    boolean skipped() {
      return skipReason != null;
    }
  }

  private static Col col(String name, String mysqlType, String natural) {
    return new Col(name, MySqlType.parse(mysqlType), natural);
  }

  // ---- value pools ---------------------------------------------------------------------------

  private static final String FIRST_NAMES = list(
      "Anna", "Lukas", "Sofia", "Mateo", "Emma", "Noah", "Léa", "Hugo", "Julia", "Luca", "Marie",
      "Jonas", "Elena", "Pablo", "Clara", "Finn", "Zoé", "Mohamed", "Nora", "Elias", "Inès",
      "Jakob", "Alice", "Tomás", "Ida", "Oskar", "Chiara", "Matteo", "Maja", "Björn", "Amélie",
      "Jan", "Lucía", "David", "Eva", "Ahmed", "Sara", "Felix", "Olivia", "Mikkel", "Aoife",
      "Joško", "Fatma", "Émile");
  private static final String LAST_NAMES = list(
      "Müller", "Schmidt", "García", "Martin", "Rossi", "Dubois", "Jansen", "Novak", "Kowalski",
      "Fernández", "Bernard", "Ricci", "Schneider", "Peeters", "Lefèvre", "Fischer", "Silva",
      "Costa", "Weber", "Moreau", "Romano", "Meyer", "López", "Nielsen", "Andersson", "Murphy",
      "O'Brien", "Kelly", "Smith", "Brown", "Wagner", "Bianchi", "Santos", "Dupont", "Virtanen",
      "Horvat", "Öztürk", "Nowak", "Berg", "Jensen", "Gómez", "van der Berg", "De Luca");
  private static final String DOMAINS = list(
      "gmail.com", "gmail.com", "gmail.com", "outlook.com", "yahoo.com", "gmx.de", "web.de",
      "icloud.com", "proton.me", "orange.fr", "libero.it", "hotmail.com", "gmail.com");
  /** Country code and language, weighted by repetition. */
  private static final String COUNTRIES = structs(
      new String[] {"cc", "lang"},
      new String[][] {
        {"DE", "de"}, {"DE", "de"}, {"DE", "de"}, {"DE", "de"}, {"FR", "fr"}, {"FR", "fr"},
        {"FR", "fr"}, {"ES", "es"}, {"ES", "es"}, {"IT", "it"}, {"IT", "it"}, {"NL", "nl"},
        {"BE", "nl"}, {"BE", "fr"}, {"AT", "de"}, {"PT", "pt"}, {"IE", "en"}, {"PL", "pl"},
        {"SE", "sv"}, {"GB", "en"}, {"GB", "en"}, {"FI", "fi"}, {"DK", "da"}
      });
  /** Merchant category code and a noun for the name, weighted by repetition. */
  private static final String CATEGORIES = structs(
      new String[] {"mcc", "noun"},
      new String[][] {
        {"5411", "Market"}, {"5411", "Grocers"}, {"5411", "Supermarket"}, {"5411", "Organics"},
        {"5812", "Bistro"}, {"5812", "Trattoria"}, {"5812", "Kitchen"}, {"5812", "Brasserie"},
        {"5814", "Burger"}, {"5814", "Pizza"}, {"5814", "Kebab"}, {"5814", "Bakery"},
        {"5814", "Coffee"}, {"5814", "Coffee"}, {"4121", "Taxi"}, {"4121", "Rides"},
        {"5541", "Fuel"}, {"5541", "Petrol"}, {"5732", "Electronics"}, {"5732", "Tech"},
        {"5912", "Pharmacy"}, {"5912", "Apotheke"}, {"7011", "Hotel"}, {"7011", "Suites"},
        {"4511", "Airways"}, {"5942", "Books"}, {"5691", "Fashion"}, {"5691", "Outfitters"},
        {"4829", "Transfer"}, {"5816", "Games"}, {"5815", "Stream"}, {"4111", "Transit"}
      });
  private static final String BRANDS = list(
      "Blue Fox", "Green Leaf", "Corner", "Urban", "Nordic", "Golden", "Sunny", "Royal", "Metro",
      "Alpine", "Harbor", "Little", "Central", "Old Town", "Bright", "Happy", "Casa", "La Piazza",
      "Le Petit", "Die Kleine", "Zum Löwen", "Atlas", "Nova", "Orbit", "Pronto", "Isla", "Kaffe",
      "Fjord", "Baltic", "Riviera");
  /**
   * Transaction currency, its rate to EUR and the UTC offset used for the merchant's local time,
   * weighted by repetition.
   */
  private static final String CURRENCIES = structs(
      new String[] {"code", "rate", "off"},
      weighted(16, new String[] {"EUR", "1.0", "1"},
          2, new String[] {"GBP", "1.1712", "0"},
          1, new String[] {"USD", "0.9184", "-5"},
          1, new String[] {"CHF", "1.0651", "1"},
          1, new String[] {"PLN", "0.2335", "1"},
          1, new String[] {"SEK", "0.0879", "1"}));

  private SampleTables() {}

  // ---- counts and anchors --------------------------------------------------------------------

  static long usersCount(SampleExportSpec s) {
    return Math.max(1, s.rows() / 10);
  }

  static long cardsCount(SampleExportSpec s) {
    return Math.max(1, s.rows() / 8);
  }

  static long merchantsBaseCount(SampleExportSpec s) {
    return Math.max(20, s.rows() / 100);
  }

  static long merchantsCount(SampleExportSpec s) {
    long m = merchantsBaseCount(s);
    return s.version() >= 2 ? m + Math.max(2, m / 20) : m;
  }

  static long transactionsBaseCount(SampleExportSpec s) {
    return s.rows();
  }

  /** Version 2 appends one new day of transactions: rows/30 (the base history spans 30 days). */
  static long transactionsCount(SampleExportSpec s) {
    long base = transactionsBaseCount(s);
    return s.version() >= 2 ? base + (base + 29) / 30 : base;
  }

  static long balancesCount(SampleExportSpec s) {
    return 2 * usersCount(s);
  }

  /** The snapshot instant: 03:00Z on the snapshot day. */
  static long snapshotMicros(LocalDate day) {
    return day.atTime(LocalTime.of(3, 0)).toEpochSecond(ZoneOffset.UTC) * SECOND_US;
  }

  /** End of the generated history: the snapshot for version 1, one day earlier for version 2. */
  static long historyEndMicros(SampleExportSpec s) {
    return snapshotMicros(s.version() >= 2 ? s.snapshot().minusDays(1) : s.snapshot());
  }

  // ---- SQL -----------------------------------------------------------------------------------

  /** Macros the table SQL uses; the seed is baked in. */
  static List<String> macros(SampleExportSpec s) {
    String seed = "CAST(" + s.seed() + " AS BIGINT)";
    long end = historyEndMicros(s);
    long span = 1095 * DAY_US;
    return List.of(
        "CREATE OR REPLACE MACRO hr(i, s) AS hash(i, s, " + seed + ")",
        "CREATE OR REPLACE MACRO hu(i, s) AS CAST(hash(i, s, " + seed + ") >> 11 AS DOUBLE) / 9007199254740992.0",
        "CREATE OR REPLACE MACRO hpick(l, i, s) AS l[1 + CAST(hash(i, s, " + seed + ") % len(l) AS BIGINT)]",
        "CREATE OR REPLACE MACRO hnorm(i, s) AS sqrt(-2.0 * ln(1.0 - hu(i, s))) * cos(2.0 * pi() * hu(i, s + 1000))",
        // users sign up evenly over the 3 years before the history end, in id order
        "CREATE OR REPLACE MACRO user_created_us(u) AS CAST(" + (end - span) + " AS BIGINT) + CAST((u - 1 + hu(u, 10)) * "
            + span + ".0 / " + usersCount(s) + " AS BIGINT)");
  }

  /** Tables in {@code export_tables_info} order (alphabetical, as RDS lists them). */
  static List<Table> tables(SampleExportSpec s) {
    List<Table> out = new ArrayList<>();
    out.add(auditLog());
    out.add(balances(s));
    out.add(cards(s));
    out.add(merchants(s));
    out.add(referrals());
    out.add(transactions(s));
    out.add(users(s));
    return out;
  }

  /** {@code SELECT} of rows {@code [lo, hi)} (1-based row numbers) of a table, exported types. */
  static String select(Table t, long lo, long hi) {
    String outer = t.cols().stream()
        .map(c -> c.type().exportExpression(c.natural()) + " AS \"" + c.name() + "\"")
        .collect(Collectors.joining(",\n  "));
    String inner = t.helpers().isEmpty() ? "" : ",\n    " + String.join(",\n    ", t.helpers());
    return "SELECT\n  " + outer + "\nFROM (\n  SELECT i" + inner + "\n  FROM range(" + lo + ", " + hi + ") r(i)\n) g";
  }

  private static Table users(SampleExportSpec s) {
    long end = historyEndMicros(s);
    List<Col> cols = new ArrayList<>(List.of(
        col("id", "bigint unsigned", "i"),
        col("email", "varchar(255)",
            "replace(strip_accents(lower(fn)), ' ', '') || '.' || replace(replace(strip_accents(lower(ln)), ' ', ''), '''', '')"
                + " || CAST(i AS VARCHAR) || '@' || dom"),
        col("full_name", "varchar(100)", "fn || ' ' || ln"),
        col("country", "char(2)", "ctry.cc"),
        col("birth_date", "date",
            "CASE WHEN hr(i, 5) % 100 < 8 THEN NULL ELSE DATE '1950-01-01' + CAST(hr(i, 6) % 20000 AS INTEGER) END"),
        col("is_active", "tinyint(1)", "CASE WHEN st = 'active' THEN 1 ELSE 0 END"),
        col("status", "enum('active','frozen','closed')", "st"),
        col("settings", "json",
            "CASE WHEN hr(i, 7) % 10 < 3 THEN NULL ELSE '{\"lang\": \"' || ctry.lang || '\", \"theme\": \"' "
                + "|| hpick(['light', 'dark', 'system'], i, 12) || '\", \"notifications\": ' "
                + "|| hpick(['true', 'true', 'false'], i, 13) || '}' END"),
        col("created_at", "datetime(6)", "make_timestamp(created_us)"),
        col("updated_at", "timestamp",
            "make_timestamp(created_us + CAST(hu(i, 11) * (" + end + " - created_us) AS BIGINT))")));
    if (s.version() >= 2) {
      // ALTER TABLE users ADD COLUMN referral_code VARCHAR(16) NULL: appended last, ~half filled
      cols.add(col("referral_code", "varchar(16)",
          "CASE WHEN hr(i, 9) % 2 = 0 THEN 'REF' || printf('%010X', hr(i, 14) % 1099511627776) ELSE NULL END"));
    }
    return new Table("users", cols, List.of(
        "hpick(" + FIRST_NAMES + ", i, 1) AS fn",
        "hpick(" + LAST_NAMES + ", i, 2) AS ln",
        "hpick(" + DOMAINS + ", i, 3) AS dom",
        "hpick(" + COUNTRIES + ", i, 4) AS ctry",
        "CASE WHEN hr(i, 8) % 100 < 3 THEN 'frozen' WHEN hr(i, 8) % 100 < 8 THEN 'closed' ELSE 'active' END AS st",
        "user_created_us(i) AS created_us"),
        usersCount(s), 1, 1, s.version() >= 2 ? 32 : 27, null);
  }

  private static Table merchants(SampleExportSpec s) {
    long end = historyEndMicros(s);
    long base = merchantsBaseCount(s);
    long added = Math.max(1, merchantsCount(s) - base);
    long span = 5 * 365 * DAY_US;
    // Version 2: ~10% of the existing merchants renamed (at least one), new ones appended.
    long forced = 1 + Math.floorMod(s.seed(), base);
    String name = s.version() >= 2
        ? "CASE WHEN i <= " + base + " AND (hr(i, 26) % 10 = 0 OR i = " + forced + ") THEN "
            + "(CASE WHEN brand2 = brand THEN brand2 || ' & Co' ELSE brand2 END) || ' ' || cat.noun "
            + "ELSE brand || ' ' || cat.noun END"
        : "brand || ' ' || cat.noun";
    return new Table("merchants", List.of(
        col("id", "int", "i"),
        col("name", "varchar(120)", name),
        col("mcc", "smallint", "CAST(cat.mcc AS INTEGER)"),
        col("country", "char(2)", "ctry.cc"),
        col("created_at", "datetime",
            "make_timestamp(CASE WHEN i <= " + base + " THEN CAST(" + (end - span) + " AS BIGINT) + CAST((i - 1 + hu(i, 27)) * "
                + span + ".0 / " + base + " AS BIGINT) ELSE CAST(" + end + " AS BIGINT) + CAST((i - " + base
                + " - 1 + hu(i, 27)) * " + DAY_US + ".0 / " + added + " AS BIGINT) END)")),
        List.of(
            "hpick(" + CATEGORIES + ", i, 21) AS cat",
            "hpick(" + BRANDS + ", i, 22) AS brand",
            "hpick(" + BRANDS + ", i, 23) AS brand2",
            "hpick(" + COUNTRIES + ", i, 24) AS ctry"),
        merchantsCount(s), 1, 1, 10, null);
  }

  private static Table cards(SampleExportSpec s) {
    long end = historyEndMicros(s);
    long span = 1095 * DAY_US;
    long users = usersCount(s);
    String flags = "(CASE WHEN hr(i, 36) % 10 < 9 THEN 1 ELSE 0 END)"
        + " + (CASE WHEN hr(i, 37) % 10 < 8 THEN 2 ELSE 0 END)"
        + " + (CASE WHEN hr(i, 38) % 10 < 6 THEN 4 ELSE 0 END)"
        + " + (CASE WHEN hr(i, 39) % 50 = 0 THEN 8 ELSE 0 END)"
        + " + (CASE WHEN hr(i, 40) % 4 = 0 THEN 16 ELSE 0 END)";
    return new Table("cards", List.of(
        col("id", "bigint", "i"),
        col("user_id", "bigint unsigned", "uid"),
        col("last4", "char(4)", "lpad(CAST(hr(i, 32) % 10000 AS VARCHAR), 4, '0')"),
        col("brand", "enum('visa','mastercard','amex')",
            "CASE WHEN hr(i, 35) % 100 < 55 THEN 'visa' WHEN hr(i, 35) % 100 < 93 THEN 'mastercard' ELSE 'amex' END"),
        col("expires_on", "date", "last_day(CAST(make_timestamp(iss_us) AS DATE) + INTERVAL 3 YEAR)"),
        col("daily_limit", "decimal(12,2)",
            "CASE WHEN hr(i, 33) % 10 = 0 THEN NULL ELSE hpick([500, 1000, 1000, 2000, 2500, 5000], i, 34) END"),
        col("issued_at", "datetime", "make_timestamp(iss_us)"),
        col("flags", "bit(8)", "unhex(printf('%02X', " + flags + "))")),
        List.of(
            // cards are issued evenly over 3 years, each to a user who signed up before
            "CAST(" + (end - span) + " AS BIGINT) + CAST((i - 1 + hu(i, 30)) * " + span + ".0 / " + cardsCount(s) + " AS BIGINT) AS iss_us",
            "least(" + users + ", 1 + CAST(floor(hu(i, 31) * greatest(1.0, (i - 1 + hu(i, 30)) * " + users + ".0 / "
                + cardsCount(s) + ")) AS BIGINT)) AS uid"),
        cardsCount(s), 1, 1, 13, null);
  }

  private static Table transactions(SampleExportSpec s) {
    long end = historyEndMicros(s);
    long base = transactionsBaseCount(s);
    long total = transactionsCount(s);
    long added = Math.max(1, total - base);
    long span = 30 * DAY_US;
    long cards = cardsCount(s);
    return new Table("transactions", List.of(
        col("id", "bigint", "i"),
        col("card_id", "bigint", "1 + CAST(floor(pow(hu(i, 41), 1.3) * " + cards + ") AS BIGINT)"),
        col("merchant_id", "int",
            "1 + CAST(floor(pow(hu(i, 42), 2.0) * (CASE WHEN i <= " + base + " THEN " + merchantsBaseCount(s) + " ELSE "
                + merchantsCount(s) + " END)) AS BIGINT)"),
        // log-normal amounts: median ~20 EUR, long tail, in the transaction's currency
        col("amount", "decimal(12,2)", "least(20000.0, greatest(0.5, exp(3.0 + 1.15 * hnorm(i, 46)) / cur.rate))"),
        col("currency", "char(3)", "cur.code"),
        col("status", "enum('authorized','settled','reversed','declined')",
            "CASE WHEN sq >= 96 THEN 'declined' WHEN sq >= 93 THEN 'reversed' WHEN ts_us > " + (end - 2 * DAY_US)
                + " AND sq < 60 THEN 'authorized' ELSE 'settled' END"),
        col("created_at", "datetime(6)", "make_timestamp(ts_us)"),
        col("local_time", "time", "CAST(make_timestamp(ts_us + cur.off * 3600000000) AS TIME)"),
        col("fingerprint", "binary(16)", "unhex(printf('%016X%016X', hr(i, 47), hr(i, 48)))"),
        col("fx_rate", "decimal(18,8)",
            "CASE WHEN sq >= 96 THEN NULL WHEN cur.code = 'EUR' THEN 1.0 ELSE cur.rate * (1.0 + (hu(i, 49) - 0.5) * 0.004) END")),
        List.of(
            "hpick(" + CURRENCIES + ", i, 43) AS cur",
            "hr(i, 44) % 100 AS sq",
            // 30 days of history in id order, then (version 2) one new day
            "CASE WHEN i <= " + base + " THEN CAST(" + (end - span) + " AS BIGINT) + CAST((i - 1 + hu(i, 45)) * " + span
                + ".0 / " + base + " AS BIGINT) ELSE CAST(" + end + " AS BIGINT) + CAST((i - " + base + " - 1 + hu(i, 45)) * "
                + DAY_US + ".0 / " + added + " AS BIGINT) END AS ts_us"),
        total, (int) Math.min(3, total), 3, 35, null);
  }

  private static Table balances(SampleExportSpec s) {
    return new Table("balances", List.of(
        col("user_id", "bigint unsigned", "uid"),
        col("currency", "char(3)", "cur"),
        col("ledger_amount", "decimal(40,10)",
            // four decimals of ledger precision (interest accruals), rounded in DECIMAL
            "CAST(CASE WHEN bq < 10 THEN 0.0 WHEN bq < 14 THEN -exp(4.0 + 1.2 * hnorm(i, 53)) "
                + "ELSE exp(6.5 + 1.6 * hnorm(i, 53)) END AS DECIMAL(30,4))"),
        col("as_of", "date", "DATE '" + s.snapshot() + "'"),
        col("year_opened", "year", "year(make_timestamp(user_created_us(uid)))")),
        List.of(
            "(i + 1) // 2 AS uid",
            "CASE WHEN i % 2 = 1 THEN 'EUR' ELSE hpick(['GBP', 'USD', 'CHF', 'PLN', 'SEK'], (i + 1) // 2, 51) END AS cur",
            "hr(i, 52) % 100 AS bq"),
        balancesCount(s), 1, 1, 7, null);
  }

  private static Table referrals() {
    return new Table("referrals", List.of(
        col("id", "bigint", "NULL"),
        col("referrer_id", "bigint unsigned", "NULL"),
        col("referred_email", "varchar(255)", "NULL"),
        col("created_at", "datetime", "NULL")),
        List.of(), 0, 0, 0, 1, null);
  }

  private static Table auditLog() {
    return new Table("audit_log", List.of(
        col("id", "bigint", "NULL"),
        col("event type", "varchar(64)", "NULL"),
        col("payload", "json", "NULL"),
        col("created_at", "datetime(6)", "NULL")),
        List.of(), 0, 0, 0, 1, "Table was skipped: column name contains a space (`event type`)");
  }

  // ---- literals ------------------------------------------------------------------------------

  private static String quote(String v) {
    return "'" + v.replace("'", "''") + "'";
  }

  private static String list(String... values) {
    List<String> q = new ArrayList<>();
    for (String v : values) {
      q.add(quote(v));
    }
    return "[" + String.join(", ", q) + "]";
  }

  /** Rows repeated by weight: {@code weighted(3, rowA, 1, rowB)}. */
  private static String[][] weighted(Object... weightAndRow) {
    List<String[]> out = new ArrayList<>();
    for (int k = 0; k < weightAndRow.length; k += 2) {
      for (int n = 0; n < (Integer) weightAndRow[k]; n++) {
        out.add((String[]) weightAndRow[k + 1]);
      }
    }
    return out.toArray(new String[0][]);
  }

  private static String structs(String[] keys, String[][] rows) {
    List<String> out = new ArrayList<>();
    for (String[] r : rows) {
      List<String> fields = new ArrayList<>();
      for (int k = 0; k < keys.length; k++) {
        boolean numeric = r[k].matches("-?[0-9]+(\\.[0-9]+)?");
        fields.add(quote(keys[k]) + ": " + (numeric ? r[k] : quote(r[k])));
      }
      out.add("{" + String.join(", ", fields) + "}");
    }
    return "[" + String.join(", ", out) + "]";
  }
}
