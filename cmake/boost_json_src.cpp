// Boost.JSON compiled from its own sources, for builds that cannot link Debian's
// libboost_json (built against libstdc++), such as Clang with -stdlib=libc++.
// See PICCOLO_JSON_FROM_SOURCE in CMakeLists.txt.
#include <boost/json/src.hpp>
