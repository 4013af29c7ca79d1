#pragma once
// pc::output_json(q): a select whose rows come back as one JSON array text,
// "[{"id":1,"name":"Pythonistas"},...]" (Piccolo's output(as_json=True)). The SQL is q's;
// each row is read as usual and serialised on the client, the same text on every engine
// (why not PostgreSQL's json_agg: docs/design-decisions.md, "JSON output").

#include <string>
#include <string_view>
#include <utility>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <piccolo/json/convert.hpp>
#include <piccolo/query/result.hpp>

namespace piccolo {

// The rows as one JSON array text. Converts to std::string.
class json_text {
 public:
  const std::string& str() const& noexcept { return text_; }
  std::string str() && noexcept { return std::move(text_); }
  operator std::string_view() const noexcept { return text_; }
  operator std::string() const& { return text_; }
  operator std::string() && noexcept { return std::move(text_); }
  friend bool operator==(const json_text& a, std::string_view b) noexcept { return a.text_ == b; }

  // How an engine gathers the rows (result_kind::rows): one object at a time.
  template <class Row>
  void emplace_back(Row&& row) {
    push_back(static_cast<const boost::json::object&>(std::forward<Row>(row)));
  }
  void push_back(const boost::json::object& row) {
    text_.pop_back();  // the closing ']'
    if (text_.size() > 1) text_ += ',';
    text_ += boost::json::serialize(row);
    text_ += ']';
  }

 private:
  std::string text_ = "[]";
};

template <class Q>
struct json_output : Q {
  static constexpr result_kind kind = result_kind::rows;
  using result_type = json_text;
  using row_type = boost::json::object;
  explicit json_output(Q q) : Q(std::move(q)) {}

  template <class Reader>
  static boost::json::object read_row(Reader& r) {
    return detail::record_to_json(Q::read_row(r));
  }
  template <class D>
  static constexpr std::string_view sql() noexcept {
    return sql_of<json_output, D>;
  }
};

namespace detail {
template <class Q>
inline constexpr bool json_output_rows = [] {
  if constexpr (requires { typename Q::row_type; Q::kind; })
    return Q::kind == result_kind::rows && is_record<typename Q::row_type>;
  else return false;
}();
}  // namespace detail

// db.run(pc::output_json(pc::objects<Band>().order_by(c<&Band::id>))) -> json_text.
template <class Q>
auto output_json(Q q) {
  static_assert(detail::json_output_rows<Q>,
                "piccolo: output_json(): the query must return rows of a table (objects<T>() or a select of "
                "whole rows); read other results with run() and build JSON with to_json()");
  if constexpr (detail::json_output_rows<Q>) {
    static_assert(detail::fields_have_json<typename Q::row_type>(), PICCOLO_JSON_FIELDS_MESSAGE("output_json"));
    return json_output<Q>{std::move(q)};
  }
}

}  // namespace piccolo
