// jsoneach.go holds the object walks behind json_each and jsonb_each.

package types

import "github.com/loomdb/loomdb/internal/pgerror"

// JSONEachPairs returns the members of the json object s in source order,
// duplicates kept, with json_each's errors for arrays and scalars.
func JSONEachPairs(s string) ([]JSONPair, error) {
	v, err := jsonTopLevel(s, tokObjectStart, "cannot deconstruct an array as an object", "cannot deconstruct a scalar")
	if err != nil {
		return nil, err
	}
	return v.Pairs, nil
}

// JsonbEachPairs returns the members of the jsonb object v in jsonb's key
// order; fn names the function in the error for anything but an object.
func JsonbEachPairs(v *JSONValue, fn string) ([]JSONPair, error) {
	if v.Kind != JSONObject {
		return nil, pgerror.Newf(pgerror.InvalidParameterValue, "cannot call %s on a non-object", fn)
	}
	return v.Pairs, nil
}
