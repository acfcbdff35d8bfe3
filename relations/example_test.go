package relations_test

import (
	"fmt"

	"entente/relations"
)

// The Cold War triangle after Nixon's 1972 opening, in Dittmer's reading: the
// United States in amity with both China and the Soviet Union, which were
// hostile to each other.
func ExampleClassify() {
	players := [3]string{"USA", "RUS", "CHN"}
	c := relations.Classify(players, relations.Amity, relations.Amity, relations.Enmity)
	fmt.Println(c, c.Wings)
	// A Sino-Russian partnership against the United States:
	fmt.Println(relations.Classify(players, relations.Enmity, relations.Enmity, relations.Amity))
	// Output:
	// romantic(pivot=USA) [RUS CHN]
	// stable-marriage(outcast=USA)
}
